/**
 * Reading another process's memory through one seam, {@link
 * dev.hangdoctor.linux.memory.RemoteMemory}: live through {@code /proc/PID/mem}, or recorded bytes
 * in tests.
 */
package dev.hangdoctor.linux.memory;
