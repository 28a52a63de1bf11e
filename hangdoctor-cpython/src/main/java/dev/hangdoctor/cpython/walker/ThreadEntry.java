package dev.hangdoctor.cpython.walker;

/**
 * One thread state as listed: its address, ids, the address of its top frame (0 when it runs no
 * Python code) and whether its own flags say it holds the GIL.
 */
record ThreadEntry(
    long address, long threadId, int nativeThreadId, long topFrame, boolean gilFlag) {}
