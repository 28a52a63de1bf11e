package dev.hangdoctor.evidence;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the kernel said about one process at one instant. {@code monotonicNanos} orders
 * snapshots and measures the time between them; {@code gaps} lists what could not be read, and
 * {@code fdSummary} is {@code null} when the descriptors could not be listed at all. {@code python}
 * holds the Python stacks when the process is a CPython interpreter and they were read, else {@code
 * null}; {@code host} is the machine's load at that instant, {@code null} when unreadable; {@code
 * jvm} the Java side when the process is a HotSpot JVM (read, or why not), else {@code null}.
 */
public record ProcessSnapshot(
    long capturedAtEpochMillis,
    long monotonicNanos,
    ProcessInfo process,
    List<ThreadSnapshot> threads,
    FdSummary fdSummary,
    List<FdEntry> fds,
    List<SocketEntry> sockets,
    List<EvidenceGap> gaps,
    PythonStacks python,
    HostLoad host,
    JvmStacks jvm) {
  public ProcessSnapshot {
    threads = List.copyOf(threads);
    fds = List.copyOf(fds);
    sockets = List.copyOf(sockets);
    gaps = List.copyOf(gaps);
  }

  /** A snapshot with the machine's load, of a process whose Java side was not asked. */
  public ProcessSnapshot(
      long capturedAtEpochMillis,
      long monotonicNanos,
      ProcessInfo process,
      List<ThreadSnapshot> threads,
      FdSummary fdSummary,
      List<FdEntry> fds,
      List<SocketEntry> sockets,
      List<EvidenceGap> gaps,
      PythonStacks python,
      HostLoad host) {
    this(
        capturedAtEpochMillis,
        monotonicNanos,
        process,
        threads,
        fdSummary,
        fds,
        sockets,
        gaps,
        python,
        host,
        null);
  }

  /** A snapshot without the machine's load, of a process whose Java side was not asked. */
  public ProcessSnapshot(
      long capturedAtEpochMillis,
      long monotonicNanos,
      ProcessInfo process,
      List<ThreadSnapshot> threads,
      FdSummary fdSummary,
      List<FdEntry> fds,
      List<SocketEntry> sockets,
      List<EvidenceGap> gaps,
      PythonStacks python) {
    this(
        capturedAtEpochMillis,
        monotonicNanos,
        process,
        threads,
        fdSummary,
        fds,
        sockets,
        gaps,
        python,
        (HostLoad) null);
  }

  /** This snapshot with the Python side added. */
  public ProcessSnapshot withPython(PythonStacks stacks) {
    return new ProcessSnapshot(
        capturedAtEpochMillis,
        monotonicNanos,
        process,
        threads,
        fdSummary,
        fds,
        sockets,
        gaps,
        stacks,
        host,
        jvm);
  }

  /** This snapshot with the Java side added. */
  public ProcessSnapshot withJvm(JvmStacks stacks) {
    return new ProcessSnapshot(
        capturedAtEpochMillis,
        monotonicNanos,
        process,
        threads,
        fdSummary,
        fds,
        sockets,
        gaps,
        python,
        host,
        stacks);
  }

  /** The Java threads, when this is a JVM whose threads were read; empty otherwise. */
  public List<JavaThread> javaThreads() {
    return jvm != null && jvm.read() ? jvm.threads() : List.of();
  }

  /** The TCP/UDP ports this process listens on. */
  public Set<Integer> listeningPorts() {
    return sockets.stream()
        .filter(socket -> socket.state() == SocketState.LISTEN && socket.local() != null)
        .map(socket -> socket.local().port())
        .collect(Collectors.toSet());
  }

  /** True when the process exited while this snapshot was taken. */
  public boolean targetExited() {
    return gaps.stream().anyMatch(gap -> gap.reason() == EvidenceGap.Reason.TARGET_EXITED);
  }
}
