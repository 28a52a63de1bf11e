/**
 * HotSpot thread dumps as evidence: {@code Thread.print -l -e} text (JDK 17+) and the JSON dump of
 * {@code Thread.dump_to_file -format=json} (JDK 21+), parsed by pure functions into {@link
 * dev.hangdoctor.evidence.JavaThread}s. Every difference between JDK versions is in {@link
 * dev.hangdoctor.jvm.dump.JdkFormats}.
 */
package dev.hangdoctor.jvm.dump;
