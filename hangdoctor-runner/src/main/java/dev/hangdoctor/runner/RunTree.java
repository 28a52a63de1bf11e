package dev.hangdoctor.runner;

import dev.hangdoctor.diagnosis.redact.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The processes of one run: the command, its descendants, and every process carrying the run's
 * {@link TreeMarker} together with its descendants. Zombies count as gone: they hold nothing and
 * only wait for a parent (possibly a container's init that never reaps) to collect their status.
 */
final class RunTree {
  private final ProcessHandle root;
  private final TreeMarker marker;

  RunTree(ProcessHandle root, TreeMarker marker) {
    this.root = root;
    this.marker = marker;
  }

  ProcessHandle root() {
    return root;
  }

  TreeMarker marker() {
    return marker;
  }

  /** Every live process of the run, the command first. */
  Set<ProcessHandle> members() {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    if (alive(root)) {
      all.add(root);
    }
    root.descendants().filter(RunTree::alive).forEach(all::add);
    for (ProcessHandle carrier : marker.carriers()) {
      if (alive(carrier)) {
        all.add(carrier);
        carrier.descendants().filter(RunTree::alive).forEach(all::add);
      }
    }
    return all;
  }

  /**
   * The marked processes that are no longer below the command, without those whose parent is one of
   * them: the roots of what escaped, each to be diagnosed with its own descendants.
   */
  List<ProcessHandle> escapedRoots() {
    Set<Long> below = new LinkedHashSet<>();
    below.add(root.pid());
    root.descendants().forEach(p -> below.add(p.pid()));
    Set<Long> escaped = new LinkedHashSet<>();
    List<ProcessHandle> carriers = new ArrayList<>();
    for (ProcessHandle carrier : marker.carriers()) {
      if (!below.contains(carrier.pid()) && alive(carrier)) {
        escaped.add(carrier.pid());
        carriers.add(carrier);
      }
    }
    List<ProcessHandle> roots = new ArrayList<>();
    for (ProcessHandle carrier : carriers) {
      Optional<Long> parent = carrier.parent().map(ProcessHandle::pid);
      if (parent.isEmpty() || !escaped.contains(parent.get())) {
        roots.add(carrier);
      }
    }
    return roots;
  }

  /** Alive and not a zombie. */
  static boolean alive(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    try {
      String stat =
          Files.readString(
              Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
      int end = stat.lastIndexOf(')');
      char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** "PID 123 (sleep 300)", for status lines and reports. */
  static String describe(ProcessHandle process) {
    return describe(process, Redactor.NONE);
  }

  /** As above, the command line through {@code redactor}. */
  static String describe(ProcessHandle process, Redactor redactor) {
    ProcessHandle.Info info = process.info();
    String command;
    if (info.command().isPresent() && info.arguments().isPresent()) {
      List<String> argv = new ArrayList<>();
      argv.add(info.command().get());
      argv.addAll(List.of(info.arguments().get()));
      command = String.join(" ", redactor.argv(argv));
    } else {
      command = redactor.text(info.commandLine().or(info::command).orElse("?"));
    }
    return "PID " + process.pid() + " (" + command + ")";
  }
}
