/**
 * Where CPython keeps what a stack walk needs, per minor version: one {@link
 * dev.hangdoctor.cpython.layout.Layout} table each for 3.11-3.14, chosen in one place, {@link
 * dev.hangdoctor.cpython.layout.Layouts#forRuntime}, which prefers the interpreter's own {@code
 * _Py_DebugOffsets} on 3.13+.
 */
package dev.hangdoctor.cpython.layout;
