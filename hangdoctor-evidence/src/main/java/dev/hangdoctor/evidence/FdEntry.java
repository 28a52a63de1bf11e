package dev.hangdoctor.evidence;

/** One open file descriptor and what it points at ({@code socket:[123]}, a path, …). */
public record FdEntry(int fd, FdKind kind, String target) {}
