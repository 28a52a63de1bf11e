package dev.hangdoctor.rules.internal;

/**
 * One library that runs an event loop, as a user names it, with what to write instead of each kind
 * of blocking call on its loop. Filled in by {@link EventLoops}, the one table of loop kinds.
 *
 * @param name how the user knows the loop ("asyncio", "trio", "anyio on trio", "gevent", …)
 * @param unitOfWork what runs on the loop in the library's words ("coroutine", "greenlet", …)
 * @param sleepFix what replaces {@code time.sleep} on this loop
 * @param offloadFix how to run a blocking call in a worker thread from this loop
 * @param networkFix the loop's own network client or timeout idiom
 * @param lockFix what replaces a wait on a threading lock, event or future
 */
public record LoopKind(
    String name,
    String unitOfWork,
    String sleepFix,
    String offloadFix,
    String networkFix,
    String lockFix) {}
