package dev.hangdoctor.evidence;

/**
 * A running asyncio event loop and the thread running it ({@code nativeThreadId} 0 when not known).
 * {@code kind} is the loop's Python type name ({@code _UnixSelectorEventLoop}, {@code Loop} for
 * uvloop).
 */
public record AsyncLoop(long address, String kind, int nativeThreadId) {}
