package dev.hangdoctor.probe;

import java.time.Instant;

/** A check result and when it was taken, as listed in a bundle. */
public record TimedCheck(long number, Instant at, CheckResult result) {}
