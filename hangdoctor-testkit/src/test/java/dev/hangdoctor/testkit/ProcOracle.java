package dev.hangdoctor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Plain reads of /proc, written independently of the testkit's own /proc code, so the tests check
 * the targets against the kernel rather than against the code under test.
 */
final class ProcOracle {
  /** Wait channels of a task blocked reading a pipe; kernels since 6.x name it anon_pipe_read. */
  static final Set<String> PIPE_READ = Set.of("pipe_read", "anon_pipe_read");

  private ProcOracle() {}

  /** One line of /proc/PID/net/tcp. */
  record TcpEntry(int localPort, int state, long txQueue, long rxQueue, long inode) {}

  static String wchan(long pid, long tid) {
    return read(task(pid, tid).resolve("wchan")).strip();
  }

  static String comm(long pid, long tid) {
    return read(task(pid, tid).resolve("comm")).strip();
  }

  static char state(long pid, long tid) {
    return afterComm(read(task(pid, tid).resolve("stat")))[0].charAt(0);
  }

  static long ppid(long pid) {
    return Long.parseLong(afterComm(read(proc(pid).resolve("stat")))[1]);
  }

  /** True while /proc/PID exists and the process is not a zombie. */
  static boolean alive(long pid) {
    try {
      char state = afterComm(Files.readString(proc(pid).resolve("stat")))[0].charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  static List<Long> tids(long pid) {
    try (Stream<Path> tasks = Files.list(proc(pid).resolve("task"))) {
      return tasks.map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inode of the socket behind file descriptor {@code fd} of {@code pid}. */
  static long socketInode(long pid, int fd) {
    try {
      String link =
          Files.readSymbolicLink(proc(pid).resolve("fd").resolve(Integer.toString(fd))).toString();
      if (!link.startsWith("socket:[")) {
        throw new AssertionError("fd " + fd + " of " + pid + " is not a socket: " + link);
      }
      return Long.parseLong(link.substring("socket:[".length(), link.length() - 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inodes of all sockets among the open file descriptors of {@code pid}. */
  static List<Long> socketInodes(long pid) {
    List<Long> inodes = new ArrayList<>();
    try (Stream<Path> fds = Files.list(proc(pid).resolve("fd"))) {
      for (Path fd : fds.toList()) {
        String link = Files.readSymbolicLink(fd).toString();
        if (link.startsWith("socket:[")) {
          inodes.add(Long.parseLong(link.substring("socket:[".length(), link.length() - 1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  /** Sockets of /proc/PID/net/tcp by inode. */
  static Map<Long, TcpEntry> tcpByInode(long pid) {
    Map<Long, TcpEntry> entries = new HashMap<>();
    List<String> lines = new ArrayList<>(read(proc(pid).resolve("net/tcp")).lines().toList());
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.strip().split("\\s+");
      String[] queues = f[4].split(":");
      TcpEntry entry =
          new TcpEntry(
              Integer.parseInt(f[1].split(":")[1], 16),
              Integer.parseInt(f[3], 16),
              Long.parseLong(queues[0], 16),
              Long.parseLong(queues[1], 16),
              Long.parseLong(f[9]));
      entries.put(entry.inode(), entry);
    }
    return entries;
  }

  /** Pids of live processes whose environment contains {@code entry} (e.g. {@code K=V}). */
  static List<Long> pidsWithEnv(String entry) {
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String environ =
              new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
          if (List.of(environ.split("\0")).contains(entry) && alive(Long.parseLong(name))) {
            pids.add(Long.parseLong(name));
          }
        } catch (IOException e) {
          // the process is gone or not ours to read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pids;
  }

  private static String[] afterComm(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  private static Path proc(long pid) {
    return Path.of("/proc", Long.toString(pid));
  }

  private static Path task(long pid, long tid) {
    return proc(pid).resolve("task").resolve(Long.toString(tid));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AssertionError("no such file: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
