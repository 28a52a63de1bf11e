package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.net.Listener;
import dev.hangdoctor.linux.net.ListenerFinder;
import dev.hangdoctor.linux.net.ListenerSearch;
import dev.hangdoctor.linux.proc.TargetStatus;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns {@code PID} or {@code --port N} into the pid of a live user process, or into the error the
 * user needs: no such process, nothing listening, a zombie, a kernel thread.
 */
final class TargetResolver {
  private final ProcFs procFs;
  private final PrintWriter err;

  TargetResolver(ProcFs procFs, PrintWriter err) {
    this.procFs = procFs;
    this.err = err;
  }

  int resolve(Integer pid, Integer port) {
    if ((pid == null) == (port == null)) {
      throw new HangdoctorException(ExitCode.USAGE, "give either a PID or --port PORT");
    }
    int candidate = pid != null ? pid : pidListeningOn(port);
    return checkLive(candidate);
  }

  int checkLive(int requestedPid) {
    TargetStatus status = TargetStatus.check(procFs, requestedPid);
    switch (status.kind()) {
      case NO_SUCH_PROCESS:
        throw new HangdoctorException(
            ExitCode.NO_SUCH_TARGET, "no process with PID " + requestedPid);
      case ZOMBIE:
        throw new HangdoctorException(
            ExitCode.ZOMBIE,
            String.format(
                "PID %d (%s) is a zombie: it has exited but its parent, PID %d, has not reaped it;"
                    + " the parent is the one to inspect: hangdoctor inspect %d",
                status.pid(), status.name(), status.ppid(), status.ppid()));
      case KERNEL_THREAD:
        throw new HangdoctorException(
            ExitCode.KERNEL_THREAD,
            String.format(
                "PID %d (%s) is a kernel thread: it has no user space to inspect%s",
                status.pid(),
                status.name(),
                status.wchan() == null ? "" : " (it waits in " + status.wchan() + ")"));
      default:
        if (status.resolvedFromThread()) {
          err.printf(
              "hangdoctor: %d is a thread of PID %d (%s); inspecting the process%n",
              requestedPid, status.pid(), status.name());
        }
        return status.pid();
    }
  }

  private int pidListeningOn(int port) {
    List<Integer> tops = topsOf(port, listenerPids(port));
    if (tops.size() > 1) {
      err.printf(
          "hangdoctor: port %d is shared by unrelated PIDs %s (%s); inspecting %d (name a PID to"
              + " choose)%n",
          port,
          tops.stream().map(String::valueOf).collect(Collectors.joining(", ")),
          "a stale server, or a reloader's child left behind, may still hold the port",
          tops.get(0));
    }
    return tops.get(0);
  }

  /**
   * Every process tree on {@code port}, for {@code diagnose}: the top of each (a server and its
   * workers: the server; unrelated processes: each of them), every one checked live, lowest pid
   * first. Says on stderr when several processes share the port.
   */
  List<Integer> portTargets(int port) {
    List<Integer> tops = topsOf(port, listenerPids(port));
    if (tops.size() > 1) {
      err.printf(
          "hangdoctor: port %d is shared by unrelated PIDs %s (%s); diagnosing each of them%n",
          port,
          tops.stream().map(String::valueOf).collect(Collectors.joining(", ")),
          "a stale server, or a reloader's child left behind, may still hold the port");
    }
    return tops.stream().map(this::checkLive).distinct().toList();
  }

  private List<Integer> listenerPids(int port) {
    if (port < 1 || port > 65535) {
      throw new HangdoctorException(ExitCode.USAGE, "--port must be 1-65535, got " + port);
    }
    ListenerSearch search;
    try {
      search = new ListenerFinder(procFs).findListeners(port);
    } catch (UncheckedIOException e) {
      throw new HangdoctorException(
          ExitCode.PERMISSION_DENIED,
          "cannot read the socket tables to find port " + port + ": " + e.getCause().getMessage());
    }
    List<Listener> listeners = search.listeners();
    if (listeners.isEmpty()) {
      String hint =
          search.unreadableProcesses() > 0
              ? String.format(
                  " among the processes you may read (%d others are hidden: run as their user or"
                      + " root)",
                  search.unreadableProcesses())
              : " in this network namespace";
      throw new HangdoctorException(
          ExitCode.NO_SUCH_TARGET, "nothing listens on TCP port " + port + hint);
    }
    return listeners.stream().map(Listener::pid).distinct().sorted().collect(Collectors.toList());
  }

  /** The pids of {@code pids} with no ancestor among them; says so when a tree shares the port. */
  private List<Integer> topsOf(int port, List<Integer> pids) {
    if (pids.size() == 1) {
      return pids;
    }
    List<Integer> tops = pids.stream().filter(p -> !descendsFromAnyOf(p, pids)).toList();
    String all = pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    if (tops.size() == 1) {
      err.printf(
          "hangdoctor: port %d is shared by PIDs %s: PID %d and its descendants (a server and its"
              + " workers); diagnosing all of them%n",
          port, all, tops.get(0));
    }
    return tops;
  }

  /** True when an ancestor of {@code pid} is one of {@code others}. */
  private boolean descendsFromAnyOf(int pid, List<Integer> others) {
    int current = pid;
    for (int depth = 0; depth < 64; depth++) {
      TargetStatus status = TargetStatus.check(procFs, current);
      int parent = status.ppid();
      if (parent <= 1 || parent == current) {
        return false;
      }
      if (others.contains(parent)) {
        return true;
      }
      current = parent;
    }
    return false;
  }
}
