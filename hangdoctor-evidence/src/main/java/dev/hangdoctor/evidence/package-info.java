/**
 * The vocabulary of hangdoctor: immutable records of what was observed about a process, its
 * threads, file descriptors, sockets and relatives. Nothing here performs I/O; collectors fill
 * these records and renderers and rules read them.
 */
package dev.hangdoctor.evidence;
