package dev.hangdoctor.cpython.walker;

/**
 * Where one reported frame lives in the target's memory, for readers that look deeper than the
 * stack walk: the {@code _PyInterpreterFrame}, its code object (tag bits cleared) and the code unit
 * of the instruction it executes ({@code -1} when the frame has not started).
 */
public record FrameRef(long frame, long code, int unit) {}
