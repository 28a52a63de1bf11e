package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.diagnosis.WindowAnalyzer;
import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.List;

/** Hand-built evidence for renderer tests. */
final class Evidence {
  private Evidence() {}

  static KernelWait inCall(String wchan, int number, String name, Long... args) {
    return new KernelWait(
        wchan, SyscallState.inSyscall(number, name, List.of(args)), KernelWait.NO_OWNER);
  }

  static ThreadSnapshot thread(int tid, String name, KernelWait wait) {
    return new ThreadSnapshot(tid, name, TaskState.SLEEPING, wait, CpuTime.ZERO, 0, 0);
  }

  static SocketEntry tcp(
      int fd, SocketState state, int localPort, int remotePort, long rx, long tx) {
    return new SocketEntry(
        fd,
        1000 + fd,
        SocketProtocol.TCP,
        state,
        new Endpoint("127.0.0.1", localPort),
        new Endpoint(remotePort == 0 ? "0.0.0.0" : "127.0.0.1", remotePort),
        rx,
        tx,
        null,
        null);
  }

  static ProcessSnapshot snapshot(
      long atMillis,
      List<ThreadSnapshot> threads,
      List<FdEntry> fds,
      List<SocketEntry> sockets,
      List<EvidenceGap> gaps,
      boolean fdsReadable) {
    ProcessInfo info =
        new ProcessInfo(
            4242,
            1,
            "svc",
            1000,
            "app",
            List.of("python3", "svc.py"),
            "/usr/bin/python3",
            "/srv",
            TaskState.SLEEPING,
            false,
            0,
            90_000,
            threads.size(),
            10 << 20,
            new CpuTime(1200, 300));
    FdSummary summary =
        fdsReadable
            ? new FdSummary(
                fds.size(),
                (int) fds.stream().filter(f -> f.kind() == FdKind.SOCKET).count(),
                (int) fds.stream().filter(f -> f.kind() == FdKind.PIPE).count(),
                0,
                0,
                0,
                1024,
                4096)
            : null;
    return new ProcessSnapshot(
        atMillis, atMillis * 1_000_000, info, threads, summary, fds, sockets, gaps, null);
  }

  static Inspection inspection(boolean partial, ProcessSnapshot... samples) {
    return new Inspection(
        Inspection.SCHEMA_VERSION,
        4242,
        List.of(samples),
        WindowAnalyzer.analyze(List.of(samples)),
        null,
        partial);
  }
}
