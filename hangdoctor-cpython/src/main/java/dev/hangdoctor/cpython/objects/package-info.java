/**
 * Reading CPython objects out of a process's memory: validated pointers and types ({@link
 * dev.hangdoctor.cpython.objects.Remote}), {@code str}, {@code int}, {@code dict} and instance
 * attributes, with the layouts of {@link dev.hangdoctor.cpython.layout.ObjectLayouts}. Every read
 * is bounded and checked, so garbage from a moving target gives an error, never a long walk.
 */
package dev.hangdoctor.cpython.objects;
