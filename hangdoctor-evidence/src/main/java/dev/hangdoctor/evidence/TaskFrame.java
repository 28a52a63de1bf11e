package dev.hangdoctor.evidence;

/**
 * One suspended coroutine (or generator) frame of a task's await chain, with the text of its
 * current source line ({@code null} when the file could not be read).
 */
public record TaskFrame(PythonFrame frame, String source) {}
