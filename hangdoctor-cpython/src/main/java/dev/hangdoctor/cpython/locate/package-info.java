/**
 * Finds a CPython interpreter inside a process: the ELF file that holds {@code _PyRuntime}, its
 * load address and the exact interpreter version.
 */
package dev.hangdoctor.cpython.locate;
