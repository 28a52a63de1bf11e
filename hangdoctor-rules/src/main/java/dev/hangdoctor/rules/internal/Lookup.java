package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.StackSample;
import dev.hangdoctor.evidence.ThreadActivity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Finds one thread's Python stack or one descriptor's socket in a snapshot, and words them. */
public final class Lookup {
  /**
   * The threads by Linux thread id of the stacks looked in last: the rules look every thread up in
   * the same snapshot, which with 1,000 threads made a million comparisons per rule.
   */
  private static final AtomicReference<ThreadIndex> LAST = new AtomicReference<>();

  private record ThreadIndex(PythonStacks stacks, Map<Integer, PythonThread> byTid) {
    static ThreadIndex of(PythonStacks stacks) {
      Map<Integer, PythonThread> byTid = new HashMap<>();
      for (PythonThread thread : stacks.threads()) {
        if (thread.problem() == null) {
          byTid.putIfAbsent(thread.nativeThreadId(), thread);
        }
      }
      return new ThreadIndex(stacks, byTid);
    }
  }

  private Lookup() {}

  /** Thread {@code tid}'s stacks as read between the samples, oldest first. */
  public static List<List<PythonFrame>> stacksBetweenSamples(Inspection inspection, int tid) {
    List<List<PythonFrame>> stacks = new ArrayList<>();
    for (StackSample between : inspection.stackSamples()) {
      for (StackSample.ThreadStack stack : between.threads()) {
        if (stack.nativeThreadId() == tid) {
          stacks.add(stack.frames());
        }
      }
    }
    return stacks;
  }

  /** The Python thread running on Linux thread {@code tid}, when stacks were read. */
  public static Optional<PythonThread> pythonThread(ProcessSnapshot snapshot, int tid) {
    PythonStacks python = snapshot.python();
    if (python == null || python.status() != PythonStacks.Status.READ) {
      return Optional.empty();
    }
    ThreadIndex index = LAST.get();
    if (index == null || index.stacks() != python) {
      index = ThreadIndex.of(python);
      LAST.set(index);
    }
    return Optional.ofNullable(index.byTid().get(tid));
  }

  /** How thread {@code tid} behaved over the window. */
  public static Optional<ThreadActivity> activity(Inspection inspection, int tid) {
    return inspection.window().threads().stream().filter(t -> t.tid() == tid).findFirst();
  }

  /**
   * The Python frames of thread {@code tid} in {@code snapshot}, innermost first; empty if none.
   */
  public static List<PythonFrame> frames(ProcessSnapshot snapshot, int tid) {
    return pythonThread(snapshot, tid).map(PythonThread::frames).orElse(List.of());
  }

  /** The socket behind descriptor {@code fd}. */
  public static Optional<SocketEntry> socket(ProcessSnapshot snapshot, int fd) {
    return snapshot.sockets().stream().filter(socket -> socket.fd() == fd).findFirst();
  }

  /** The Python or Java thread name when there is one, else the kernel's. */
  public static String threadName(Inspection inspection, ThreadActivity thread) {
    return pythonThread(inspection.latest(), thread.tid())
        .map(PythonThread::name)
        .or(
            () ->
                inspection.latest().javaThreads().stream()
                    .filter(t -> !t.virtual() && t.nativeThreadId() == thread.tid())
                    .map(JavaThread::name)
                    .findFirst())
        .orElse(thread.name());
  }

  /**
   * The thread's kernel wait, with the socket it reads when there is one: {@code recvfrom(5, …) in
   * wait_woken on TCP 127.0.0.1:4711 → 127.0.0.1:80 ESTABLISHED}.
   */
  public static String waitAndSocket(Inspection inspection, ThreadActivity thread) {
    String wait = thread.kernelWait().describe();
    return Waits.readFd(thread.kernelWait().syscall()).stream()
        .mapToObj(fd -> socket(inspection.latest(), fd))
        .flatMap(Optional::stream)
        .map(socket -> wait + " on " + describe(socket))
        .findFirst()
        .orElse(wait);
  }

  /** {@code TCP 127.0.0.1:4711 → 127.0.0.1:80 ESTABLISHED}. */
  public static String describe(SocketEntry socket) {
    if (socket.local() == null) {
      return socket.protocol() + " " + socket.unixPath() + " " + socket.state();
    }
    return socket.protocol()
        + " "
        + socket.local()
        + (socket.remote() == null ? "" : " → " + socket.remote())
        + " "
        + socket.state();
  }

  /** "3 samples over 1.2 s". */
  public static String window(Inspection inspection) {
    return String.format(
        Locale.ROOT,
        "%d samples over %.1f s",
        inspection.window().samples(),
        inspection.window().spanMillis() / 1000.0);
  }
}
