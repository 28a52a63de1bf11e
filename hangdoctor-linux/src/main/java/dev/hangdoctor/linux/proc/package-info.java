/**
 * Readers and parsers for {@code /proc/PID}: process, thread, file-descriptor and limit evidence.
 * {@code *Parser} classes are pure functions over the text the kernel prints; {@code *Reader}
 * classes touch the file system through {@link dev.hangdoctor.linux.proc.ProcFs}.
 */
package dev.hangdoctor.linux.proc;
