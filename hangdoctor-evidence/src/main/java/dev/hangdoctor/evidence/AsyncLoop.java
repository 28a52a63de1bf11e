package dev.hangdoctor.evidence;

/**
 * A running asyncio event loop, or a trio run, and the thread running it ({@code nativeThreadId} 0
 * when not known). {@code kind} is the loop's Python type name ({@code _UnixSelectorEventLoop},
 * {@code Loop} for uvloop), or {@link #TRIO} for a trio runner (whose address is {@code address}).
 */
public record AsyncLoop(long address, String kind, int nativeThreadId) {
  /** The {@link #kind()} of a trio run (anyio on trio included). */
  public static final String TRIO = "trio";

  /** Whether this is a trio run rather than an asyncio loop. */
  public boolean isTrio() {
    return TRIO.equals(kind);
  }
}
