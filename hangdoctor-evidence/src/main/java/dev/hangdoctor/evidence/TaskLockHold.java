package dev.hangdoctor.evidence;

/**
 * An {@code asyncio.Lock} a suspended task holds in an {@code async with} block: the lock's
 * address, how the holding frame names it ({@code src.lock}; {@code null} when no local or local's
 * attribute refers to it) and the frame whose {@code async with} holds it.
 */
public record TaskLockHold(long lock, String name, PythonFrame frame) {}
