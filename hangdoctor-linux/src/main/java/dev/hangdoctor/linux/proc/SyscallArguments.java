package dev.hangdoctor.linux.proc;

import java.util.Set;

/**
 * Which system calls take a file descriptor as their first argument, so that a blocked call can be
 * shown with the file, pipe or socket it waits on.
 */
public final class SyscallArguments {
  private static final Set<String> FD_FIRST =
      Set.of(
          "read",
          "write",
          "pread64",
          "pwrite64",
          "readv",
          "writev",
          "preadv",
          "pwritev",
          "preadv2",
          "pwritev2",
          "recvfrom",
          "sendto",
          "recvmsg",
          "sendmsg",
          "recvmmsg",
          "sendmmsg",
          "accept",
          "accept4",
          "connect",
          "flock",
          "fsync",
          "fdatasync",
          "ioctl",
          "epoll_wait",
          "epoll_pwait",
          "epoll_pwait2",
          "sendfile",
          "splice",
          "fcntl",
          "shutdown",
          "getdents64",
          "ftruncate",
          "fallocate",
          "sync_file_range");

  private SyscallArguments() {}

  public static boolean firstArgumentIsFd(String syscallName) {
    return syscallName != null && FD_FIRST.contains(syscallName);
  }
}
