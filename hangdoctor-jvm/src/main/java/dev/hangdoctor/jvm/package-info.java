/**
 * The Java side of a HotSpot JVM, asked from outside with no JDK tool: {@link
 * dev.hangdoctor.jvm.JvmStackReader} attaches over the JVM's Unix socket ({@code attach}), asks for
 * its thread dump and parses it ({@code dump}) into {@link dev.hangdoctor.evidence.JvmStacks}.
 */
package dev.hangdoctor.jvm;
