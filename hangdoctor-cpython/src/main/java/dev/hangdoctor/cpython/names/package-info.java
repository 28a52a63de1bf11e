/**
 * Python thread names of a running CPython process, read from the interpreter's own registry of
 * live {@code threading.Thread} objects ({@code threading._active}) through its memory.
 */
package dev.hangdoctor.cpython.names;
