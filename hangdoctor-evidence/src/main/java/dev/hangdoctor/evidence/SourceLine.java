package dev.hangdoctor.evidence;

/**
 * One line of a Python source file a frame points at, read from disk through the process's root
 * ({@code /proc/PID/root}): the file as the interpreter names it, the 1-based line and its text
 * without the line break. {@code changed} is set when the file was modified after the process
 * started, so the line may no longer be the one running.
 */
public record SourceLine(String file, int line, String text, boolean changed) {}
