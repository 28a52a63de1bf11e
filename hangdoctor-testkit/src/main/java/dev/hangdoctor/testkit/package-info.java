/**
 * Real processes in known states for hangdoctor's tests. {@link dev.hangdoctor.testkit.Target}
 * starts a C, Python or arbitrary target and waits for its {@code READY} line; {@link
 * dev.hangdoctor.testkit.Await} replaces sleep-and-hope with bounded polling; {@link
 * dev.hangdoctor.testkit.Interpreters} finds the CPythons and JDKs to run the same test on; {@link
 * dev.hangdoctor.testkit.NoLeakedProcessesExtension}, registered automatically, fails any test that
 * leaves a process behind.
 */
package dev.hangdoctor.testkit;
