package dev.hangdoctor.diagnosis.render;

import static dev.hangdoctor.diagnosis.render.Evidence.inCall;
import static dev.hangdoctor.diagnosis.render.Evidence.inspection;
import static dev.hangdoctor.diagnosis.render.Evidence.snapshot;
import static dev.hangdoctor.diagnosis.render.Evidence.tcp;
import static dev.hangdoctor.diagnosis.render.Evidence.thread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectTextRendererTest {
  private final InspectTextRenderer renderer = new InspectTextRenderer();

  @Test
  void aBlockedReadNamesTheSocketItWaitsOn() {
    KernelWait recv = inCall("wait_woken", 45, "recvfrom", 5L, 0x7f00L, 4096L, 0L, 0L, 0L);
    List<FdEntry> fds = List.of(new FdEntry(5, FdKind.SOCKET, "socket:[1005]"));
    List<SocketEntry> sockets = List.of(tcp(5, SocketState.ESTABLISHED, 40000, 9000, 0, 0));
    ProcessSnapshot first =
        snapshot(0, List.of(thread(7, "worker", recv)), fds, sockets, List.of(), true);
    ProcessSnapshot second =
        snapshot(500, List.of(thread(7, "worker", recv)), fds, sockets, List.of(), true);

    String report = renderer.render(inspection(false, first, second));

    assertThat(report)
        .contains(
            "● recvfrom(fd 5: TCP 127.0.0.1:40000 → 127.0.0.1:9000 ESTABLISHED) in wait_woken")
        .contains("window 2 samples over 500ms");
  }

  @Test
  void timeoutsAreDecodedSoAnIdleLoopIsNotMistakenForAStuckOne() {
    KernelWait idle = inCall("do_epoll_wait", 232, "epoll_wait", 3L, 0x55L, 1L, 30_000L, 0L, 0L);
    KernelWait forever =
        inCall("do_epoll_wait", 232, "epoll_wait", 3L, 0x55L, 1L, 0xffffffffL, 0L, 0L);
    KernelWait lock = inCall("futex_do_wait", 202, "futex", 0x7f00L, 0x189L, 0L, 0L, 0L, 0L);
    KernelWait child = inCall("do_wait", 61, "wait4", 0xffffffffL, 0x7ffcL, 0L, 0L, 0L, 0L);
    KernelWait pause = inCall("__do_sys_pause", 34, "pause", 0x7f8eL, 1L, 1L, 0L, 0L, 0L);
    ProcessSnapshot one =
        snapshot(
            0,
            List.of(
                thread(1, "a", idle),
                thread(2, "b", forever),
                thread(3, "c", lock),
                thread(4, "d", child),
                thread(5, "e", pause)),
            List.of(new FdEntry(3, FdKind.ANON_INODE, "anon_inode:[eventpoll]")),
            List.of(),
            List.of(),
            true);

    String report = renderer.render(inspection(false, one));

    assertThat(report)
        .contains("epoll_wait(fd 3: anon_inode:[eventpoll], n=1, timeout 30.0s) in do_epoll_wait")
        .contains("epoll_wait(fd 3: anon_inode:[eventpoll], n=1, no timeout)")
        .contains("futex(FUTEX_WAIT_BITSET) in futex_do_wait")
        .contains("wait4(any child) in do_wait")
        .contains("pause() in __do_sys_pause")
        .doesNotContain("0x7f8e");
  }

  @Test
  void manyIdenticalThreadsAreFoldedIntoOneRow() {
    KernelWait parked = inCall("futex_do_wait", 202, "futex", 0x10L, 0x80L, 0L, 0L, 0L, 0L);
    List<ThreadSnapshot> threads = new ArrayList<>();
    for (int tid = 100; tid < 110; tid++) {
      threads.add(thread(tid, "pool", parked));
    }
    threads.add(thread(200, "main", inCall("hrtimer_nanosleep", 230, "clock_nanosleep")));

    String report =
        renderer.render(
            inspection(false, snapshot(0, threads, List.of(), List.of(), List.of(), true)));

    assertThat(report).contains("THREADS (11)");
    assertThat(report).containsOnlyOnce("pool ");
    assertThat(report)
        .contains("9 more threads like this one (tids 101, 102, 103, 104, 105, 106, 107, 108, …)");
    assertThat(report).contains("200      main");
  }

  @Test
  void closeWaitListenersAndQueuedDataHaveTheirOwnSections() {
    List<SocketEntry> sockets = new ArrayList<>();
    sockets.add(tcp(3, SocketState.LISTEN, 8000, 0, 5, 0));
    sockets.add(tcp(4, SocketState.ESTABLISHED, 8000, 50000, 4242, 0));
    for (int fd = 10; fd < 13; fd++) {
      sockets.add(tcp(fd, SocketState.CLOSE_WAIT, 8000, 51000 + fd, 1, 0));
    }

    String report =
        renderer.render(
            inspection(false, snapshot(0, List.of(), List.of(), sockets, List.of(), true)));

    assertThat(report).contains("SOCKETS WITH QUEUED DATA");
    assertThat(report)
        .containsPattern("(?m)^  4 +TCP +ESTABLISHED +127.0.0.1:8000 +127.0.0.1:50000 +4242 +0");
    assertThat(report).doesNotContainPattern("(?m)^  1[0-2] +TCP +CLOSE_WAIT");
    assertThat(report)
        .contains("CLOSE_WAIT  3 sockets: the peer closed, this process never closed its end");
    assertThat(report).contains("fds 10, 11, 12");
    assertThat(report).contains("  3 on local 127.0.0.1:8000");
    assertThat(report)
        .contains(
            "fd 3     TCP   127.0.0.1:8000           accept queue 5  ! connections wait to be accepted");
  }

  @Test
  void aClientsCloseWaitLingerersAreGroupedByThePeerTheyConnectedTo() {
    List<SocketEntry> sockets = new ArrayList<>();
    for (int fd = 10; fd < 14; fd++) {
      sockets.add(tcp(fd, SocketState.CLOSE_WAIT, 40000 + fd, fd < 12 ? 5432 : 6379, 1, 0));
    }

    String report =
        renderer.render(
            inspection(false, snapshot(0, List.of(), List.of(), sockets, List.of(), true)));

    assertThat(report)
        .contains("  2 to remote 127.0.0.1:5432")
        .contains("  2 to remote 127.0.0.1:6379")
        .doesNotContain("on local");
  }

  @Test
  void unreadableDescriptorsAreNotShownAsZeroAndGapsAreListed() {
    List<EvidenceGap> gaps =
        List.of(
            new EvidenceGap(
                "open files (/proc/PID/fd)", EvidenceGap.Reason.PERMISSION_DENIED, "denied"));

    String report =
        renderer.render(
            inspection(true, snapshot(0, List.of(), List.of(), List.of(), gaps, false)));

    assertThat(report).contains("fds: not readable (see NOT READ)").doesNotContain("fds 0 of");
    assertThat(report)
        .contains("NOT READ")
        .contains("open files (/proc/PID/fd): permission denied");
    assertThat(report).contains("PARTIAL: the process exited during the inspection");
  }
}
