/**
 * Hang signatures of JVMs, one rule class each ({@code docs/rules/jvm-*.md}), over the Java threads
 * of a thread dump joined to the kernel's view of the same threads.
 */
package dev.hangdoctor.rules.jvm;
