package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.diagnosis.WindowAnalyzer;
import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Hand-built verdicts for the report tests. */
final class Verdicts {
  static final long AT = 1_795_432_066_000L;

  private Verdicts() {}

  static Inspection process(int pid, int ppid, String command) {
    return process(pid, ppid, command, -1, TaskState.SLEEPING);
  }

  /**
   * A process whose one thread sits in {@code wait4(waitsFor)} (-1: any child) for the window, in
   * {@code state}.
   */
  static Inspection process(int pid, int ppid, String command, int waitsFor, TaskState state) {
    KernelWait wait =
        new KernelWait(
            "do_wait", SyscallState.inSyscall(61, "wait4", List.of((long) waitsFor, 0L, 0L)));
    ThreadSnapshot thread =
        new ThreadSnapshot(pid, "main", TaskState.SLEEPING, wait, CpuTime.ZERO, 0, 0);
    List<ProcessSnapshot> samples =
        List.of(
            snapshot(pid, ppid, command, thread, 0, state),
            snapshot(pid, ppid, command, thread, 500, state));
    return new Inspection(
        Inspection.SCHEMA_VERSION, pid, samples, WindowAnalyzer.analyze(samples), null, false);
  }

  /** A process that listens on {@code port} and holds {@code accepted} connections to it. */
  static Inspection listening(int pid, int ppid, int port, SocketEntry... accepted) {
    KernelWait wait =
        new KernelWait(
            "do_epoll_wait", SyscallState.inSyscall(232, "epoll_wait", List.of(4L, 0L, 1L, -1L)));
    ThreadSnapshot thread =
        new ThreadSnapshot(pid, "main", TaskState.SLEEPING, wait, CpuTime.ZERO, 0, 0);
    List<SocketEntry> sockets = new ArrayList<>();
    sockets.add(
        new SocketEntry(
            3,
            7000,
            SocketProtocol.TCP,
            SocketState.LISTEN,
            new Endpoint("0.0.0.0", port),
            new Endpoint("0.0.0.0", 0),
            0L,
            0L,
            null,
            null));
    sockets.addAll(List.of(accepted));
    List<ProcessSnapshot> samples =
        List.of(
            snapshot(pid, ppid, "gunicorn", thread, 0, TaskState.SLEEPING, sockets),
            snapshot(pid, ppid, "gunicorn", thread, 500, TaskState.SLEEPING, sockets));
    return new Inspection(
        Inspection.SCHEMA_VERSION, pid, samples, WindowAnalyzer.analyze(samples), null, false);
  }

  private static ProcessSnapshot snapshot(
      int pid,
      int ppid,
      String command,
      ThreadSnapshot thread,
      long offsetMillis,
      TaskState state) {
    return snapshot(pid, ppid, command, thread, offsetMillis, state, List.of());
  }

  private static ProcessSnapshot snapshot(
      int pid,
      int ppid,
      String command,
      ThreadSnapshot thread,
      long offsetMillis,
      TaskState state,
      List<SocketEntry> sockets) {
    ProcessInfo info =
        new ProcessInfo(
            pid,
            ppid,
            "svc",
            1000,
            "app",
            List.of(command.split(" ")),
            "/usr/bin/python3",
            "/srv",
            state,
            false,
            0,
            90_000,
            1,
            10 << 20,
            CpuTime.ZERO);
    return new ProcessSnapshot(
        AT + offsetMillis,
        offsetMillis * 1_000_000,
        info,
        List.of(thread),
        null,
        List.of(),
        sockets,
        List.of(),
        null);
  }

  static Finding finding(String rule, Confidence confidence, int tid, String thread, int line) {
    return new Finding(
        rule,
        rule.replace('-', ' '),
        confidence,
        tid,
        thread,
        List.of(
            new PythonFrame("work", "Worker.work", "/srv/app.py", line, PythonFrame.Owner.THREAD),
            new PythonFrame(
                "recv_into",
                "socket.recv_into",
                "/usr/lib/python3.11/socket.py",
                700,
                PythonFrame.Owner.THREAD)),
        List.of("recvfrom(fd 5) in wait_woken, unchanged in all 2 samples", "CPU 0.0 %"),
        "The thread waits for a peer that never answers, and everything waiting on it waits"
            + " with it, for as long as the peer stays silent, which can be forever.",
        "Add a timeout at /srv/app.py:" + line + " (Worker.work).");
  }

  /** {@code diagnosis} with blind spots. */
  static Diagnosis blind(Diagnosis diagnosis, BlindSpot... spots) {
    return diagnosis.with(diagnosis.findings(), diagnosis.children(), List.of(spots));
  }

  static Diagnosis verdict(Inspection inspection, List<Finding> findings, Diagnosis... children) {
    return new Diagnosis(
        Diagnosis.SCHEMA_VERSION,
        inspection,
        findings,
        findings.isEmpty() ? List.of("main (tid " + inspection.pid() + ") idle") : List.of(),
        List.of(children));
  }
}
