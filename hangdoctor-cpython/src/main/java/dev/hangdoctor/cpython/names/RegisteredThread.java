package dev.hangdoctor.cpython.names;

/**
 * A thread as {@code threading} registered it: its name and whether it is a daemon ({@code null}
 * when the flag could not be read).
 */
public record RegisteredThread(String name, Boolean daemon) {}
