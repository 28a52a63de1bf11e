package dev.hangdoctor.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl+C during a run. The first goes to the command; the second asks the runner to kill the whole
 * tree (SIGTERM, {@code --kill-after}, SIGKILL) and stop. A Ctrl+C typed in a terminal reaches
 * every process of the terminal's foreground process group, the command included, so it is only
 * forwarded (with {@code kill -INT}) when the command is not in that group: when hangdoctor got the
 * signal from {@code kill}, a CI runner or a parent that is not a terminal. Forwarding it in the
 * terminal case too would give the command two interrupts for one keypress. A Ctrl+C that comes
 * while the command is being started (its first output can reach the user before the runner holds
 * its handle) is forwarded as soon as the runner has it.
 */
final class Interrupts {
  /** How long {@code kill} may take to start and send the signal, generous for a loaded host. */
  private static final long KILL_TIMEOUT_SECONDS = 10;

  private final AtomicInteger count = new AtomicInteger();
  private volatile ProcessHandle command;
  private boolean starting;
  private boolean forwardOnAttach;

  /** The command is about to be started: a Ctrl+C from now on is for it. */
  synchronized void starting() {
    starting = true;
  }

  /** The command started; forwards a Ctrl+C that came while it was starting. */
  synchronized void attach(ProcessHandle process) {
    command = process;
    starting = false;
    if (forwardOnAttach) {
      forwardOnAttach = false;
      if (!inTerminalForeground(process.pid())) {
        sendSigint(process.pid());
      }
    }
  }

  synchronized void detach() {
    command = null;
    starting = false;
    forwardOnAttach = false;
  }

  boolean abortRequested() {
    return count.get() >= 2;
  }

  boolean any() {
    return count.get() > 0;
  }

  /**
   * Handles one SIGINT; returns the status line saying what was done. Serialised: the JVM runs each
   * signal's handler on a thread of its own.
   */
  synchronized String interrupt() {
    int n = count.incrementAndGet();
    ProcessHandle target = command;
    if (n >= 2) {
      return "interrupted again: stopping the command's whole tree";
    }
    if (target == null && starting) {
      forwardOnAttach = true;
      return "interrupted: the command gets SIGINT as soon as it has started; interrupt again to"
          + " kill its tree";
    }
    if (target == null) {
      return "interrupted: no further attempts; press Ctrl+C again to stop at once";
    }
    if (inTerminalForeground(target.pid())) {
      return "interrupted: the command got the Ctrl+C too; press it again to kill its tree";
    }
    boolean sent = sendSigint(target.pid());
    return sent
        ? "interrupted: forwarded SIGINT to PID "
            + target.pid()
            + "; interrupt again to kill its tree"
        : "interrupted: could not forward SIGINT to PID "
            + target.pid()
            + "; interrupt again to kill its tree";
  }

  /** Handles SIGTERM: passes it on to the command, as {@code timeout} does. */
  synchronized String terminate() {
    ProcessHandle target = command;
    if (target == null) {
      count.compareAndSet(0, 1);
      return "terminated: no further attempts";
    }
    target.destroy();
    return "terminated: forwarded SIGTERM to PID " + target.pid();
  }

  /** True when {@code pid}'s process group is the foreground group of its controlling terminal. */
  static boolean inTerminalForeground(long pid) {
    try {
      String stat =
          Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command name: state ppid pgrp session tty_nr tpgid
      long pgrp = Long.parseLong(fields[2]);
      long ttyForegroundGroup = Long.parseLong(fields[5]);
      return ttyForegroundGroup > 0 && ttyForegroundGroup == pgrp;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean sendSigint(long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", "INT", Long.toString(pid))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
