package dev.hangdoctor.rules.jvm;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.JavaFrames;
import dev.hangdoctor.rules.internal.JavaIo;
import dev.hangdoctor.rules.internal.JavaStacks;
import dev.hangdoctor.rules.internal.Lookup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Threads waiting to obtain a connection from a pool (JDBC: HikariCP, DBCP, c3p0; HTTP: Apache
 * HttpClient's pooling manager; or the application's own {@code ...Pool}) for the whole window,
 * while the pool's connections sit idle with nobody reading them: connections leased and never
 * returned (a response or connection not closed), so every new caller waits for one that will never
 * come back. A pool call is the innermost non-JDK frame of a class named like a pool, right above a
 * java.util.concurrent wait or {@code Object.wait}.
 */
final class JvmConnectionPoolExhausted implements Rule {
  static final String ID = "jvm-connection-pool-exhausted";

  private static final List<String> POOL_CLASSES =
      List.of(
          "HikariPool",
          "ConcurrentBag",
          "GenericObjectPool",
          "GenericKeyedObjectPool",
          "AbstractConnPool",
          "PoolEntryFuture",
          "StrictConnPool",
          "LaxConnPool",
          "PoolingHttpClientConnectionManager",
          "BasicResourcePool",
          "PooledDataSource");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return JavaStacks.of(inspection).isEmpty()
        ? "no Java threads were read"
        : "no thread waits to obtain a pooled connection";
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    Optional<JavaStacks> stacks = JavaStacks.of(inspection);
    if (stacks.isEmpty()) {
      return List.of();
    }
    List<JavaThread> waiters = new ArrayList<>();
    for (JavaThread thread : stacks.get().applicationThreads()) {
      if (poolCall(thread).isPresent() && stacks.get().stuck(thread)) {
        waiters.add(thread);
      }
    }
    if (waiters.isEmpty()) {
      return List.of();
    }
    return List.of(finding(stacks.get(), waiters));
  }

  /** The pool's frame a thread waits in, when it waits to obtain something from a pool. */
  static Optional<JavaFrame> poolCall(JavaThread thread) {
    if (thread.waitingFor() == null) {
      return Optional.empty();
    }
    int index = JavaFrames.innermostApplication(thread.frames());
    if (index <= 0) {
      return Optional.empty();
    }
    JavaFrame frame = thread.frames().get(index);
    String name = frame.simpleClassName();
    boolean poolClass =
        POOL_CLASSES.contains(name) || name.toLowerCase(Locale.ROOT).contains("pool");
    boolean waitBelow =
        thread.frames().subList(0, index).stream()
            .anyMatch(
                f ->
                    f.className().startsWith("java.util.concurrent.")
                        || f.qualifiedMethod().startsWith("java.lang.Object.wait"));
    return poolClass && waitBelow ? Optional.of(frame) : Optional.empty();
  }

  private static Finding finding(JavaStacks stacks, List<JavaThread> waiters) {
    JavaThread lead = waiters.get(0);
    JavaFrame pool = poolCall(lead).orElseThrow();
    boolean untimed = waiters.stream().allMatch(w -> "WAITING".equals(w.state()));
    String caller =
        lead.frames().stream()
            .skip(JavaFrames.innermostApplication(lead.frames()) + 1)
            .filter(JavaFrames::isApplication)
            .filter(f -> !f.className().equals(pool.className()))
            .findFirst()
            .map(JavaFrames::shortly)
            .orElse("the caller");
    List<String> evidence = new ArrayList<>();
    evidence.add(
        waiters.size()
            + " thread(s) wait to obtain a connection in "
            + pool.simpleClassName()
            + "."
            + pool.method()
            + ": "
            + waiters.stream()
                .map(w -> JavaStacks.who(w) + " " + (w.state() == null ? "" : w.state()))
                .collect(Collectors.joining(", "))
            + (untimed ? " (no timeout)" : "")
            + ", unchanged in every dump");
    evidence.add(JavaStacks.who(lead) + " obtains it for " + caller);
    List<String> idle = idleConnections(stacks);
    if (!idle.isEmpty()) {
      evidence.addAll(idle);
    }
    String explanation =
        "Every connection of the pool is leased and none comes back: the callers that took them"
            + " did not close or release them (a response, statement or connection not closed on"
            + " every path), so each new caller waits for a connection that will never be"
            + " returned"
            + (idle.isEmpty()
                ? "."
                : ", while the leased connections sit idle with nobody reading them.");
    String fix =
        "Close every response or connection in a finally block or try-with-resources (the code"
            + " that obtained the connections before "
            + caller
            + " dropped them without close()), and give the pool a lease timeout"
            + " (connectionTimeout / maxWait / connectionRequestTimeout) so exhaustion fails fast"
            + " instead of hanging; pool leak detection (leakDetectionThreshold) names the"
            + " leaker.";
    return Findings.about(
        ID,
        "connection pool exhausted",
        untimed ? Confidence.HIGH : Confidence.MEDIUM,
        lead,
        JavaFrames.keyFrames(lead.frames()),
        evidence,
        explanation,
        fix);
  }

  /** Established TCP connections that no thread reads, by peer: the leased ones, idle. */
  private static List<String> idleConnections(JavaStacks stacks) {
    Set<Integer> read = new HashSet<>();
    for (ThreadActivity thread : stacks.inspection().window().threads()) {
      JavaIo.fd(thread.kernelWait()).ifPresent(read::add);
    }
    Map<String, List<SocketEntry>> byPeer = new LinkedHashMap<>();
    for (SocketEntry socket : stacks.inspection().latest().sockets()) {
      if (socket.protocol().isTcp()
          && socket.state() == SocketState.ESTABLISHED
          && socket.remote() != null
          && !read.contains(socket.fd())) {
        byPeer.computeIfAbsent(String.valueOf(socket.remote()), k -> new ArrayList<>()).add(socket);
      }
    }
    List<String> lines = new ArrayList<>();
    byPeer.forEach(
        (peer, sockets) ->
            lines.add(
                sockets.size()
                    + " connection(s) to "
                    + peer
                    + " established, idle, read by no thread: "
                    + sockets.stream()
                        .map(s -> "fd " + s.fd() + " (" + Lookup.describe(s) + ")")
                        .collect(Collectors.joining(", "))));
    return lines;
  }
}
