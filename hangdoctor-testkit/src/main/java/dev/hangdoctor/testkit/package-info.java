/**
 * Real processes in known states for hangdoctor's tests. {@link dev.hangdoctor.testkit.Target}
 * starts a C, Python or arbitrary target and waits for its {@code READY} line; {@link
 * dev.hangdoctor.testkit.Await} replaces sleep-and-hope with bounded polling; {@link
 * dev.hangdoctor.testkit.Interpreters} finds the CPythons and JDKs to run the same test on; {@link
 * dev.hangdoctor.testkit.NoLeakedProcessesExtension}, registered automatically, fails any test that
 * leaves a process behind; {@link dev.hangdoctor.testkit.Tool} is the one rule for a missing
 * program (a visible skip with the reason, a failure under CI) and {@link
 * dev.hangdoctor.testkit.SkipReporter} prints every skip with its reason in the Maven output.
 */
package dev.hangdoctor.testkit;
