package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.ConnectionReads;
import dev.hangdoctor.evidence.FdSummary;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.rules.OwnConnections;
import dev.hangdoctor.rules.Rule;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Descriptors the program forgets to close: sockets left in CLOSE_WAIT (the peer closed, this side
 * never did) for the whole window, at least {@value #MIN_CLOSE_WAIT} of them or their number
 * growing, and the open descriptor count growing by at least {@value #MIN_FD_GROWTH} within the
 * window. A CLOSE_WAIT socket seen only in the last sample is no leak: a client that closes its
 * connections has a few in that state for an instant. When dense stack reads caught the code
 * opening the connections ({@link ConnectionOpeners}), the finding names that call site and its
 * client library's way to close a response.
 */
final class CloseWaitLeak implements Rule {
  static final String ID = "close-wait-leak";
  static final int MIN_CLOSE_WAIT = 10;
  static final int MIN_FD_GROWTH = 50;

  private final OwnConnections own;

  CloseWaitLeak() {
    this(OwnConnections.NONE);
  }

  /** Never counts {@code own}, the connections hangdoctor itself made (and aborted). */
  CloseWaitLeak(OwnConnections own) {
    this.own = own;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection inspection) {
    return String.format(
        Locale.ROOT,
        "%d sockets in CLOSE_WAIT (fewer than %d, not growing)%s; descriptors %+d over the window",
        closeWait(inspection.latest()).size(),
        MIN_CLOSE_WAIT,
        ownNote(inspection.latest()),
        inspection.window().fdGrowth());
  }

  @Override
  public List<Finding> evaluate(Inspection inspection) {
    List<Finding> findings = new ArrayList<>();
    List<SocketEntry> firstSockets = closeWait(inspection.samples().get(0));
    int first = firstSockets.size();
    List<SocketEntry> last = closeWait(inspection.latest());
    Set<Long> firstInodes =
        firstSockets.stream().map(SocketEntry::inode).collect(Collectors.toSet());
    long kept = last.stream().filter(socket -> firstInodes.contains(socket.inode())).count();
    if (kept >= MIN_CLOSE_WAIT || (kept > 0 && last.size() > first)) {
      findings.add(closeWaitFinding(inspection, first, last));
    }
    if (inspection.window().fdGrowth() >= MIN_FD_GROWTH) {
      findings.add(fdGrowthFinding(inspection));
    }
    return findings;
  }

  /** The CLOSE_WAIT sockets of the target's own making: those of hangdoctor's probes are not. */
  private List<SocketEntry> closeWait(ProcessSnapshot sample) {
    return sample.sockets().stream()
        .filter(socket -> socket.state() == SocketState.CLOSE_WAIT && !own.isPeerOf(socket))
        .collect(Collectors.toList());
  }

  private String ownNote(ProcessSnapshot sample) {
    long ours =
        sample.sockets().stream()
            .filter(socket -> socket.state() == SocketState.CLOSE_WAIT && own.isPeerOf(socket))
            .count();
    return ours == 0
        ? ""
        : " and " + ours + " more left by hangdoctor's own aborted probes, not counted";
  }

  private Finding closeWaitFinding(Inspection inspection, int first, List<SocketEntry> last) {
    Finding finding = closeWaitSockets(inspection, first, last);
    ConnectionReads reads = inspection.connectionReads();
    Optional<ConnectionOpeners.Opener> opener = ConnectionOpeners.of(reads);
    if (opener.isPresent()) {
      return withOpener(inspection, finding, opener.get());
    }
    if (reads.reads() == 0) {
      return finding;
    }
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.add(
        1,
        String.format(
            Locale.ROOT,
            "no user code seen in a network client call in %d stack reads over %.1f s right after"
                + " the window",
            reads.reads(),
            reads.spanMillis() / 1000.0));
    return new Finding(
        ID,
        finding.kind(),
        finding.confidence(),
        finding.tid(),
        finding.threadName(),
        finding.keyFrames(),
        evidence,
        finding.explanation(),
        finding.fix());
  }

  /** {@code finding} naming the call site seen opening connections, and how to close them. */
  private static Finding withOpener(
      Inspection inspection, Finding finding, ConnectionOpeners.Opener opener) {
    PythonFrame caller = opener.caller();
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.add(
        1, caller.qualifiedName() + " (" + UserFrames.location(caller) + ") " + opener.sighting());
    String threadName =
        Lookup.pythonThread(inspection.latest(), opener.tid()).map(PythonThread::name).orElse(null);
    return new Finding(
        ID,
        finding.kind() + ", opened by " + opener.call() + " in " + caller.qualifiedName(),
        finding.confidence(),
        threadName == null ? Finding.PROCESS_WIDE : opener.tid(),
        threadName,
        List.of(caller, opener.callee()),
        evidence,
        finding.explanation(),
        "In "
            + caller.qualifiedName()
            + " ("
            + UserFrames.location(caller)
            + "), "
            + closeAdvice(opener)
            + " The responses kept open hold their connections; the ones left in CLOSE_WAIT are"
            + " the ones the server already closed.");
  }

  /** How {@code opener}'s client library closes what {@code opener.call()} returned. */
  private static String closeAdvice(ConnectionOpeners.Opener opener) {
    String call = opener.call();
    return switch (opener.library()) {
      case "requests" ->
          "close each response of "
              + call
              + ": 'with "
              + call
              + "(..., stream=True) as r:' or r.close() once the status and headers are read (a"
              + " stream=True response keeps its connection until it is closed or read to the"
              + " end); reuse one requests.Session for repeated requests.";
      case "urllib3" ->
          "release each response of "
              + call
              + ": read it to the end and call r.release_conn(), or r.close(), when it was opened"
              + " with preload_content=False.";
      case "urllib", "http" ->
          "close each response of "
              + call
              + ": 'with "
              + call
              + "(...) as r:' or r.close() once it is read (an unread response keeps its socket"
              + " open).";
      case "httpx", "httpcore" ->
          "close each response of "
              + call
              + ": 'with client.stream(...) as r:' or r.close(), and close the httpx.Client.";
      case "aiohttp" ->
          "release each response of "
              + call
              + ": 'async with session.get(...) as r:' or r.release(), and close the"
              + " ClientSession at shutdown.";
      default -> "close what " + call + " returns once it is used ('with' or close()).";
    };
  }

  private Finding closeWaitSockets(Inspection inspection, int first, List<SocketEntry> last) {
    Set<Integer> listening = inspection.latest().listeningPorts();
    Map<String, Integer> accepted = new TreeMap<>();
    Map<String, Integer> connected = new TreeMap<>();
    for (SocketEntry socket : last) {
      if (socket.acceptedOn(listening)) {
        accepted.merge(String.valueOf(socket.local()), 1, Integer::sum);
      } else {
        connected.merge(String.valueOf(socket.remote()), 1, Integer::sum);
      }
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        last.size()
            + " sockets in CLOSE_WAIT"
            + (last.size() > first ? " (" + first + " → " + last.size() + ")" : "")
            + " ("
            + Lookup.window(inspection)
            + ")"
            + ownNote(inspection.latest()));
    accepted.forEach((local, count) -> evidence.add(count + " on local " + local));
    connected.forEach((remote, count) -> evidence.add(count + " to remote " + remote));
    evidence.add(
        "fds "
            + last.stream()
                .limit(8)
                .map(socket -> String.valueOf(socket.fd()))
                .collect(Collectors.joining(", "))
            + (last.size() > 8 ? ", …" : ""));
    return new Finding(
        ID,
        "sockets left in CLOSE_WAIT",
        last.size() >= MIN_CLOSE_WAIT ? Confidence.HIGH : Confidence.MEDIUM,
        Finding.PROCESS_WIDE,
        null,
        List.of(),
        evidence,
        "The peers closed these connections, but this process never closed its side (CLOSE_WAIT)."
            + " Each one"
            + " keeps a descriptor and kernel memory until the process hits its open-files limit"
            + " and accept() or connect() start failing.",
        "Close the socket when a read returns end of stream (Python recv() returns b'', C read() returns 0): use"
            + " 'with socket' / try-finally close(), close HTTP responses (or use a session as a"
            + " context manager), and check the error paths of the code that "
            + owners(accepted.keySet(), connected.keySet())
            + ".");
  }

  /**
   * The code that owns the sockets: a listener's port names the server side that accepted them;
   * otherwise each socket has its own ephemeral local port, and the peer names the client side.
   */
  private static String owners(Set<String> acceptedOn, Set<String> connectedTo) {
    List<String> owners = new ArrayList<>();
    if (!acceptedOn.isEmpty()) {
      owners.add("accepts on " + String.join(", ", acceptedOn));
    }
    if (!connectedTo.isEmpty()) {
      owners.add("connects to " + String.join(", ", connectedTo));
    }
    return String.join(" and the code that ", owners);
  }

  private static Finding fdGrowthFinding(Inspection inspection) {
    FdSummary first = inspection.samples().get(0).fdSummary();
    FdSummary last = inspection.latest().fdSummary();
    String kind = "descriptors";
    int kindGrowth = 0;
    if (first != null && last != null) {
      Map<String, ToIntFunction<FdSummary>> kinds =
          Map.of(
              "sockets", FdSummary::sockets,
              "pipes", FdSummary::pipes,
              "files", FdSummary::files,
              "anon inodes", FdSummary::anonInodes,
              "other", FdSummary::other);
      for (Map.Entry<String, ToIntFunction<FdSummary>> entry : new TreeMap<>(kinds).entrySet()) {
        int growth = entry.getValue().applyAsInt(last) - entry.getValue().applyAsInt(first);
        if (growth > kindGrowth) {
          kind = entry.getKey();
          kindGrowth = growth;
        }
      }
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "open descriptors "
            + inspection.window().firstFdCount()
            + " → "
            + inspection.window().lastFdCount()
            + " across "
            + Lookup.window(inspection));
    if (kindGrowth > 0) {
      evidence.add(kind + " +" + kindGrowth);
    }
    if (last != null && last.openFilesSoftLimit() > 0) {
      evidence.add("limit " + last.openFilesSoftLimit() + " open files");
    }
    return new Finding(
        ID,
        "descriptor leak (" + kind + ")",
        Confidence.MEDIUM,
        Finding.PROCESS_WIDE,
        null,
        List.of(),
        evidence,
        "The process opens "
            + kind
            + " faster than it closes them. At this rate it reaches its open-files limit, and"
            + " then every open(), socket() and accept() fails with EMFILE.",
        "Find where the program creates "
            + kind
            + " in a loop and close each one when done (a with-block or try-finally); for"
            + " sockets and pipes, close both ends.");
  }
}
