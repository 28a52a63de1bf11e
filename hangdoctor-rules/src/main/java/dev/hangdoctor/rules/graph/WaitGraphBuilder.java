package dev.hangdoctor.rules.graph;

import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PipeEnd;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonLock;
import dev.hangdoctor.evidence.PythonLockHold;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.PythonWait;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.evidence.WaitEdge;
import dev.hangdoctor.evidence.WaitEdge.Relation;
import dev.hangdoctor.evidence.WaitForGraph;
import dev.hangdoctor.evidence.WaitNode;
import dev.hangdoctor.evidence.WaitResource;
import dev.hangdoctor.rules.internal.ChildWaits;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.Waits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Builds the wait-for graph of a diagnosis from its evidence, one adapter at a time: the kernel's
 * (child waits, pipe ends, pthread mutex owners) and CPython's (locks and their holders, joins,
 * queue, event, condition and pool waits). Each adds only the edges it can prove and leaves an end
 * it cannot name unknown. Pure.
 */
final class WaitGraphBuilder {
  /** CPU % from which a thread counts as running rather than waiting. */
  private static final double RUNNING_CPU_PERCENT = 50;

  private static final Set<String> POLLS =
      Set.of("poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2");

  private final Map<Integer, Inspection> inspections = new LinkedHashMap<>();
  private final Map<String, WaitNode> nodes = new LinkedHashMap<>();
  private final List<WaitEdge> edges = new ArrayList<>();

  private WaitGraphBuilder(List<Inspection> inspected) {
    for (Inspection inspection : inspected) {
      inspections.putIfAbsent(inspection.pid(), inspection);
    }
  }

  static WaitGraph build(List<Inspection> inspected) {
    WaitGraphBuilder builder = new WaitGraphBuilder(inspected);
    builder.addNodes();
    for (Inspection inspection : builder.inspections.values()) {
      builder.addKernelEdges(inspection);
      builder.addPythonEdges(inspection);
    }
    return new WaitGraph(
        new WaitForGraph(List.copyOf(builder.nodes.values()), builder.edges), builder.inspections);
  }

  // ---- nodes -------------------------------------------------------------------------------

  private void addNodes() {
    for (Inspection inspection : inspections.values()) {
      ProcessSnapshot latest = inspection.latest();
      int pid = inspection.pid();
      nodes.put(
          WaitNode.processId(pid),
          new WaitNode(
              WaitNode.processId(pid),
              WaitNode.Kind.PROCESS,
              pid,
              0,
              latest.process().commandLine(),
              processState(latest.process().state()),
              null));
      for (ThreadActivity thread : inspection.window().threads()) {
        WaitNode node =
            new WaitNode(
                WaitNode.threadId(pid, thread.tid()),
                WaitNode.Kind.THREAD,
                pid,
                thread.tid(),
                Lookup.threadName(inspection, thread),
                threadState(inspection, thread),
                Activities.of(inspection, thread));
        nodes.put(node.id(), node);
      }
      if (inspection.tree() != null) {
        for (ProcessNode child : inspection.tree().children()) {
          addOutsideProcess(child.pid(), child.commandLine(), child.state());
        }
      }
      for (PipeEnd end : inspection.pipeEnds()) {
        addOutsideProcess(end.pid(), end.command(), end.state());
      }
    }
  }

  private void addOutsideProcess(int pid, String command, TaskState state) {
    String id = WaitNode.processId(pid);
    if (!nodes.containsKey(id)) {
      nodes.put(
          id, new WaitNode(id, WaitNode.Kind.PROCESS, pid, 0, command, processState(state), null));
    }
  }

  private static WaitNode.State processState(TaskState state) {
    return switch (state) {
      case ZOMBIE, DEAD -> WaitNode.State.EXITED;
      case STOPPED, TRACING_STOP -> WaitNode.State.STOPPED;
      default -> WaitNode.State.UNKNOWN;
    };
  }

  /**
   * Voluntary context switches a thread may make over the window and still count as sitting in one
   * wait (a spurious futex wake-up, a signal). A thread found in the same lock wait at every sample
   * but switching more often took and released the lock again and again between samples (eight
   * threads sharing one lock for microseconds each): it is contended, not blocked.
   */
  private static final long MAX_WAKEUPS_IN_ONE_WAIT = 20;

  private static WaitNode.State threadState(Inspection inspection, ThreadActivity thread) {
    if (thread.state() == TaskState.STOPPED || thread.state() == TaskState.TRACING_STOP) {
      return WaitNode.State.STOPPED;
    }
    if (thread.state() == TaskState.ZOMBIE || thread.state() == TaskState.DEAD) {
      return WaitNode.State.EXITED;
    }
    SyscallState call = thread.kernelWait().syscall();
    if (thread.kernelWait().isRunning() || thread.cpuPercent() >= RUNNING_CPU_PERCENT) {
      return WaitNode.State.RUNNING;
    }
    if (thread.waitUnchanged()
        && Waits.untimed(call)
        && thread.voluntaryContextSwitchesDelta() <= MAX_WAKEUPS_IN_ONE_WAIT) {
      return WaitNode.State.BLOCKED;
    }
    if (PythonWaits.sameWaitInEverySample(inspection, thread.tid()).isPresent()) {
      return WaitNode.State.POLLING;
    }
    return WaitNode.State.WAITING;
  }

  private WaitNode absent(int pid, String why) {
    String id = WaitNode.absentId(pid);
    return nodes.computeIfAbsent(
        id, k -> new WaitNode(id, WaitNode.Kind.THREAD, pid, 0, why, WaitNode.State.ABSENT, null));
  }

  private boolean waits(WaitNode node) {
    return node != null
        && (node.state() == WaitNode.State.BLOCKED || node.state() == WaitNode.State.POLLING);
  }

  private void edge(String from, String to, WaitResource resource, Relation relation) {
    WaitEdge edge = new WaitEdge(from, to, resource, relation);
    if (!edges.contains(edge)) {
      edges.add(edge);
    }
  }

  // ---- the kernel's adapter ------------------------------------------------------------------

  private void addKernelEdges(Inspection inspection) {
    int pid = inspection.pid();
    ProcessSnapshot latest = inspection.latest();
    for (ThreadActivity thread : inspection.window().threads()) {
      WaitNode node = nodes.get(WaitNode.threadId(pid, thread.tid()));
      if (node == null || node.state() != WaitNode.State.BLOCKED) {
        continue;
      }
      SyscallState call = thread.kernelWait().syscall();
      if (thread.kernelWait().hasLockOwner()) {
        String address = "0x" + Long.toHexString(call.arguments().get(0));
        edge(
            node.id(),
            WaitNode.threadId(pid, thread.kernelWait().lockOwnerTid()),
            new WaitResource(
                WaitResource.Kind.MUTEX,
                "mutex:" + address + "@" + pid,
                "mutex " + address,
                "pthread mutex"),
            Relation.HELD_BY);
      }
      OptionalInt child = ChildWaits.waitedPid(call);
      if (child.isPresent()) {
        for (int childPid : children(inspection, child.getAsInt())) {
          edge(
              node.id(),
              WaitNode.processId(childPid),
              new WaitResource(
                  WaitResource.Kind.PROCESS_EXIT,
                  "pid:" + childPid,
                  "child PID " + childPid,
                  call.name()),
              Relation.EXIT_OF);
        }
      }
      OptionalInt fd = transferFd(call);
      if (fd.isPresent()) {
        pipeOf(latest, fd.getAsInt())
            .ifPresent(pipe -> addPipeEdges(inspection, node, pipe, isRead(call)));
      }
      if (POLLS.contains(call.name())) {
        addPollEdges(inspection, node);
      }
    }
  }

  private List<Integer> children(Inspection parent, int waited) {
    List<Integer> children = new ArrayList<>();
    if (parent.tree() != null) {
      for (ProcessNode child : parent.tree().children()) {
        if (waited == -1 || child.pid() == waited) {
          children.add(child.pid());
        }
      }
    }
    for (Inspection inspection : inspections.values()) {
      int ppid = inspection.latest().process().ppid();
      if (ppid == parent.pid()
          && (waited == -1 || inspection.pid() == waited)
          && !children.contains(inspection.pid())) {
        children.add(inspection.pid());
      }
    }
    if (children.isEmpty() && waited > 0) {
      children.add(waited);
      addOutsideProcess(waited, "PID " + waited, TaskState.UNKNOWN);
    }
    return children;
  }

  private static final Set<String> READ_CALLS = Set.of("read", "readv", "pread64", "preadv");
  private static final Set<String> WRITE_CALLS = Set.of("write", "writev", "pwrite64", "pwritev");

  private static boolean isRead(SyscallState call) {
    return READ_CALLS.contains(call.name());
  }

  private static OptionalInt transferFd(SyscallState call) {
    if ((READ_CALLS.contains(call.name()) || WRITE_CALLS.contains(call.name()))
        && !call.arguments().isEmpty()) {
      return OptionalInt.of((int) (long) call.arguments().get(0));
    }
    return OptionalInt.empty();
  }

  private static Optional<FdEntry> pipeOf(ProcessSnapshot snapshot, int fd) {
    return snapshot.fds().stream()
        .filter(e -> e.fd() == fd && (e.kind() == FdKind.PIPE || e.kind() == FdKind.FIFO))
        .findFirst();
  }

  /**
   * A read waits for the holders of the pipe's write end (a write for those of its read end): for
   * each such process, an edge to it; the reader's own process counts when it holds the other end
   * itself.
   */
  private void addPipeEdges(Inspection inspection, WaitNode node, FdEntry pipe, boolean read) {
    WaitResource resource =
        new WaitResource(
            WaitResource.Kind.PIPE,
            pipe.target(),
            pipe.target(),
            "fd " + pipe.fd() + (read ? " (read end)" : " (write end)"));
    Relation relation = read ? Relation.WRITTEN_BY : Relation.READ_BY;
    boolean any = false;
    for (PipeEnd end : inspection.pipeEnds()) {
      if (!end.pipe().equals(pipe.target())) {
        continue;
      }
      boolean otherEnd =
          read
              ? end.access() == FdEntry.Access.WRITE || end.access() == FdEntry.Access.READ_WRITE
              : end.access() == FdEntry.Access.READ || end.access() == FdEntry.Access.READ_WRITE;
      if (otherEnd) {
        edge(node.id(), WaitNode.processId(end.pid()), resource, relation);
        any = true;
      }
    }
    if (!any && inspection.pipeEnds().isEmpty()) {
      edge(node.id(), null, resource, relation);
    }
  }

  /**
   * A thread polling, without a timeout, pipes a child process holds the other end of (as {@code
   * communicate()} does): it waits for that child to write or to exit.
   */
  private void addPollEdges(Inspection parent, WaitNode node) {
    for (Inspection child : inspections.values()) {
      if (child.latest().process().ppid() != parent.pid()) {
        continue;
      }
      for (FdEntry fd : parent.latest().fds()) {
        if (fd.fd() <= 2 || fd.kind() != FdKind.PIPE || !fd.reads()) {
          continue;
        }
        Optional<FdEntry> childEnd = ChildWaits.holder(child.latest(), fd.target());
        if (childEnd.isPresent() && childEnd.get().writes()) {
          edge(
              node.id(),
              WaitNode.processId(child.pid()),
              new WaitResource(
                  WaitResource.Kind.PIPE,
                  fd.target(),
                  fd.target(),
                  "fd " + fd.fd() + " (read end), polled"),
              Relation.WRITTEN_BY);
        }
      }
    }
  }

  // ---- CPython's adapter ---------------------------------------------------------------------

  private void addPythonEdges(Inspection inspection) {
    PythonStacks python = inspection.latest().python();
    if (python == null || python.status() != PythonStacks.Status.READ) {
      return;
    }
    int pid = inspection.pid();
    Map<Long, Integer> tidByIdent = new LinkedHashMap<>();
    for (PythonThread thread : python.threads()) {
      tidByIdent.put(thread.threadId(), thread.nativeThreadId());
    }
    for (PythonThread thread : python.threads()) {
      WaitNode node = nodes.get(WaitNode.threadId(pid, thread.nativeThreadId()));
      PythonWait wait = thread.waitsFor();
      if (!waits(node) || wait == null) {
        continue;
      }
      switch (wait.kind()) {
        case LOCK -> addLockEdge(inspection, python, node, wait, tidByIdent);
        case THREAD_JOIN -> {
          Integer joined = tidByIdent.get(wait.joinedThreadId());
          String to =
              joined != null
                  ? WaitNode.threadId(pid, joined)
                  : absent(pid, "no thread of this process").id();
          edge(
              node.id(),
              to,
              new WaitResource(
                  WaitResource.Kind.THREAD_EXIT,
                  "thread:" + Long.toUnsignedString(wait.joinedThreadId()) + "@" + pid,
                  wait.objectName(),
                  "threading.Thread"),
              Relation.EXIT_OF);
        }
        case POOL_RESULT -> addPoolEdges(inspection, node, wait, tidByIdent);
        default -> addWakerEdges(inspection, node, wait);
      }
    }
  }

  private void addLockEdge(
      Inspection inspection,
      PythonStacks python,
      WaitNode node,
      PythonWait wait,
      Map<Long, Integer> tidByIdent) {
    int pid = inspection.pid();
    PythonLock lock = wait.lock();
    WaitResource resource =
        new WaitResource(
            WaitResource.Kind.PYTHON_LOCK,
            "lock:0x" + Long.toHexString(lock.address()) + "@" + pid,
            lock.name(),
            lock.reentrant() ? "threading.RLock" : "threading.Lock");
    List<String> holders = new ArrayList<>();
    for (PythonThread other : python.threads()) {
      for (PythonLockHold hold : other.holds()) {
        if (hold.lock().address() == lock.address()) {
          String id = WaitNode.threadId(pid, other.nativeThreadId());
          if (!holders.contains(id)) {
            holders.add(id);
          }
        }
      }
    }
    if (holders.isEmpty() && lock.reentrant() && lock.ownerThreadId() != 0) {
      Integer owner = tidByIdent.get(lock.ownerThreadId());
      holders.add(
          owner != null
              ? WaitNode.threadId(pid, owner)
              : absent(pid, "no thread of this process").id());
    }
    if (holders.isEmpty() && Boolean.TRUE.equals(lock.held())) {
      boolean alone = inspection.window().threads().size() == 1;
      holders.add(alone ? absent(pid, "no thread of this process").id() : null);
    }
    for (String holder : holders) {
      edge(node.id(), holder, resource, Relation.HELD_BY);
    }
  }

  private void addWakerEdges(Inspection inspection, WaitNode node, PythonWait wait) {
    int pid = inspection.pid();
    WaitResource resource = resourceOf(pid, wait);
    boolean any = false;
    for (ThreadActivity other : inspection.window().threads()) {
      String id = WaitNode.threadId(pid, other.tid());
      if (!id.equals(node.id())) {
        edge(node.id(), id, resource, Relation.WOKEN_BY);
        any = true;
      }
    }
    if (!any) {
      edge(node.id(), absent(pid, "no other thread").id(), resource, Relation.WOKEN_BY);
    }
  }

  private void addPoolEdges(
      Inspection inspection, WaitNode node, PythonWait wait, Map<Long, Integer> tidByIdent) {
    int pid = inspection.pid();
    WaitResource resource = resourceOf(pid, wait);
    PythonWait.PoolState pool = wait.pool();
    if (pool == null) {
      edge(node.id(), null, resource, Relation.WOKEN_BY);
      return;
    }
    Integer handler = tidByIdent.get(pool.resultHandlerThreadId());
    edge(
        node.id(),
        handler != null
            ? WaitNode.threadId(pid, handler)
            : absent(pid, "no result-handler thread").id(),
        resource,
        Relation.WOKEN_BY);
  }

  private static WaitResource resourceOf(int pid, PythonWait wait) {
    WaitResource.Kind kind =
        switch (wait.kind()) {
          case QUEUE_GET, QUEUE_PUT, QUEUE_JOIN -> WaitResource.Kind.QUEUE;
          case EVENT -> WaitResource.Kind.EVENT;
          case CONDITION -> WaitResource.Kind.CONDITION;
          case SEMAPHORE -> WaitResource.Kind.SEMAPHORE;
          case BARRIER -> WaitResource.Kind.BARRIER;
          case FUTURE -> WaitResource.Kind.FUTURE;
          case POOL_RESULT -> WaitResource.Kind.POOL_RESULT;
          case LOCK -> WaitResource.Kind.PYTHON_LOCK;
          case THREAD_JOIN -> WaitResource.Kind.THREAD_EXIT;
        };
    String id =
        wait.object() == 0
            ? kind.name().toLowerCase(java.util.Locale.ROOT) + "@" + pid
            : "object:0x" + Long.toHexString(wait.object()) + "@" + pid;
    return new WaitResource(kind, id, wait.objectName(), Objects.toString(wait.objectType(), ""));
  }
}
