package dev.hangdoctor.evidence;

/**
 * One frame of a finding's blocking thread, as a report shows it: the frame, whether it is the
 * user's own code (not the standard library or an installed package), and its source line as the
 * file on disk has it ({@code null} when it could not be read).
 */
public record StackFrame(PythonFrame frame, boolean user, String source) {}
