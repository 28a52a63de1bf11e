package dev.hangdoctor.accuracy.launch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Every process a case started: its {@code start} script's process group (the script is a session
 * leader), every descendant of the script, and every process carrying the case's environment marker
 * (which finds those that left the tree). {@link #kill()} sends SIGKILL to all of them, again and
 * again until none is left or a bound passes, and says which survived.
 */
final class CaseTree {
  static final String MARKER = "HANGDOCTOR_ACCURACY_CASE";
  private static final long KILL_BOUND_MILLIS = 10_000;
  private static final long POLL_MILLIS = 50;

  private final long leader;
  private final String markerValue;

  CaseTree(long leader, String markerValue) {
    this.leader = leader;
    this.markerValue = markerValue;
  }

  /** The live processes of the case now (zombies are dead already and not counted). */
  Set<Long> members() {
    List<ProcTable.Entry> table = ProcTable.read();
    Map<Long, List<Long>> children = new HashMap<>();
    for (ProcTable.Entry e : table) {
      children.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e.pid());
    }
    Set<Long> tree = new LinkedHashSet<>();
    List<Long> todo = new ArrayList<>(List.of(leader));
    while (!todo.isEmpty()) {
      long pid = todo.remove(todo.size() - 1);
      if (tree.add(pid)) {
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    long self = ProcessHandle.current().pid();
    Set<Long> members = new LinkedHashSet<>();
    for (ProcTable.Entry e : table) {
      if (e.pid() == self || e.dead()) {
        continue;
      }
      if (tree.contains(e.pid())
          || e.pgrp() == leader
          || ProcTable.environHas(e.pid(), MARKER, markerValue)) {
        members.add(e.pid());
      }
    }
    return members;
  }

  /**
   * Kills every member until none is left (bounded), then returns the survivors, described, for the
   * report; normally empty.
   */
  List<String> kill() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_BOUND_MILLIS);
    Set<Long> members = members();
    while (!members.isEmpty() && System.nanoTime() < deadline) {
      for (long pid : members) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      Thread.sleep(POLL_MILLIS);
      members = members();
    }
    return members.stream()
        .map(pid -> pid + " (" + ProcTable.cmdline(pid) + ")")
        .collect(Collectors.toList());
  }
}
