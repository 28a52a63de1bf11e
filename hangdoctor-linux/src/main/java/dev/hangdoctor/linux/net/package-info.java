/**
 * Sockets of a process and who listens on a port: {@link
 * dev.hangdoctor.linux.net.SocketTableParser} decodes the kernel's socket tables, {@link
 * dev.hangdoctor.linux.net.SocketReader} joins them with a process's socket file descriptors, and
 * {@link dev.hangdoctor.linux.net.ListenerFinder} turns a port into the processes that own it.
 */
package dev.hangdoctor.linux.net;
