package dev.hangdoctor.testkit.internal;

/**
 * A process identity that survives pid reuse: the pid plus its start time in clock ticks since
 * boot.
 */
public record ProcessKey(long pid, long startTicks) {}
