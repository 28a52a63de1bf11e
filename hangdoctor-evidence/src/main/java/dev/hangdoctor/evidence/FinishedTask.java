package dev.hangdoctor.evidence;

/**
 * An asyncio task that is already done, found within reach of a waiting task (a local of one of its
 * frames, or an attribute of such a local): the likely producer of what the waiter waits for.
 * {@code outcome} is {@code finished}, {@code failed} or {@code cancelled}; {@code exception} the
 * failure as {@code Type: message} ({@code null} unless failed); {@code coroutine} the frame of its
 * finished coroutine (code and last line), {@code null} when it could not be read.
 */
public record FinishedTask(
    long address, String name, String outcome, String exception, PythonFrame coroutine) {}
