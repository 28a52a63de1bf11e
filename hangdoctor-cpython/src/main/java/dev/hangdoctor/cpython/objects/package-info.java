/**
 * How CPython objects read from memory are decoded, where that does not depend on how the memory is
 * read or on the minor version.
 */
package dev.hangdoctor.cpython.objects;
