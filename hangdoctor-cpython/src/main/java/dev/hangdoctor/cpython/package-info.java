/**
 * Reads the Python stacks of a running CPython 3.11-3.14 process from outside, through its memory,
 * without pausing it: every thread's frames with file and line, thread names and the GIL holder.
 */
package dev.hangdoctor.cpython;
