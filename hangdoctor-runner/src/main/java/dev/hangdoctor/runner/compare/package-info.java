/**
 * Is it my change, or was it always flaky? Runs a command alternately in the working tree and in a
 * temporary git worktree at a baseline, tallies passes, failures and hangs per side, tests the
 * difference with Fisher's exact test and concludes (regression, pre-existing, fixed, inconclusive,
 * not reproduced); bisects a flaky failure with several runs per commit. Prints nothing.
 */
package dev.hangdoctor.runner.compare;
