/**
 * Walks a CPython interpreter's threads and frames through {@link
 * dev.hangdoctor.linux.memory.RemoteMemory} with a chosen {@link
 * dev.hangdoctor.cpython.layout.Layout}, validating every pointer because the target keeps running:
 * code objects, strings, the location table, and the GIL holder.
 */
package dev.hangdoctor.cpython.walker;
