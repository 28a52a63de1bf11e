package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.ThreadActivity;
import dev.hangdoctor.rules.ProcessTreeRule;
import dev.hangdoctor.rules.internal.ChildWaits;
import dev.hangdoctor.rules.internal.Lookup;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * uvicorn's {@code --reload} supervisor stuck restarting (or stopping): {@code BaseReload.restart}
 * (or {@code shutdown}) sent the server process SIGTERM and joins it with no timeout, while the
 * server, in its graceful shutdown, waits for its open connections (an event stream, a WebSocket, a
 * keep-alive client) to close. No new server process starts; the supervisor keeps the listening
 * socket, so new connections queue in its accept queue unanswered. HIGH when the joined server
 * holds open connections accepted on the supervisor's port for the whole window; MEDIUM when it
 * holds none (it waits for something else: background tasks, the lifespan's shutdown).
 */
final class ReloadWaitsForOpenConnection implements ProcessTreeRule {
  static final String ID = "reload-waits-for-open-connection";
  private static final String BASERELOAD = "/uvicorn/supervisors/basereload.py";
  private static final Set<String> STOPS = Set.of("BaseReload.restart", "BaseReload.shutdown");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String ruledOut(Inspection process, List<Diagnosis> children) {
    return "no uvicorn reloader was waiting for its server process to exit";
  }

  @Override
  public List<Finding> evaluate(Inspection process, List<Diagnosis> children) {
    for (ThreadActivity thread : process.window().threads()) {
      Optional<PythonFrame> stop = stopFrameThroughout(process, thread.tid());
      if (stop.isEmpty()) {
        continue;
      }
      for (Diagnosis server : ChildWaits.waitedChildren(process, thread, children)) {
        if (server.inspection().latest().targetExited()) {
          continue;
        }
        return List.of(finding(process, thread, stop.get(), server));
      }
    }
    return List.of();
  }

  private static Optional<PythonFrame> stopFrameThroughout(Inspection process, int tid) {
    PythonFrame stop = null;
    for (ProcessSnapshot sample : process.samples()) {
      Optional<PythonFrame> here =
          Lookup.frames(sample, tid).stream()
              .filter(
                  f ->
                      f.file() != null
                          && f.file().endsWith(BASERELOAD)
                          && STOPS.contains(f.qualifiedName()))
              .findFirst();
      if (here.isEmpty()) {
        return Optional.empty();
      }
      stop = here.get();
    }
    return Optional.ofNullable(stop);
  }

  private static Finding finding(
      Inspection process, ThreadActivity thread, PythonFrame stop, Diagnosis server) {
    Set<Integer> ports = process.latest().listeningPorts();
    ProcessSnapshot serverNow = server.inspection().latest();
    List<SocketEntry> open =
        serverNow.sockets().stream()
            .filter(s -> s.state() != SocketState.LISTEN && s.remote() != null)
            .filter(s -> s.acceptedOn(ports))
            .toList();
    boolean restarting = stop.qualifiedName().endsWith("restart");
    List<PythonFrame> frames = Lookup.frames(process.latest(), thread.tid());
    List<PythonFrame> keyFrames = new ArrayList<>();
    keyFrames.add(stop);
    frames.stream()
        .filter(f -> "BaseProcess.join".equals(f.qualifiedName()))
        .findFirst()
        .ifPresent(keyFrames::add);
    UserFrames.innermostUserFrame(frames).ifPresent(keyFrames::add);
    String port = ports.stream().sorted().map(String::valueOf).findFirst().orElse("its port");

    List<String> evidence = new ArrayList<>();
    evidence.add(
        "the reloader's "
            + Lookup.threadName(process, thread)
            + " (tid "
            + thread.tid()
            + ") is in "
            + stop.qualifiedName()
            + " ("
            + UserFrames.location(stop)
            + ") → process.join(), "
            + thread.kernelWait().describe()
            + ", unchanged in all "
            + Lookup.window(process));
    evidence.add(
        "it waits for its server process "
            + ChildWaits.describe(server)
            + ", "
            + ChildWaits.activity(server)
            + (serverNow.listeningPorts().isEmpty()
                ? ", which has already closed its listening socket"
                : ""));
    if (!open.isEmpty()) {
      evidence.add(
          "the server still holds "
              + open.size()
              + (open.size() == 1 ? " open connection" : " open connections")
              + " on port "
              + port
              + ": "
              + Lookup.describe(open.get(0))
              + (open.size() > 1 ? ", …" : ""));
    }
    if (!ports.isEmpty()) {
      evidence.add(
          "the reloader keeps the listening socket of port "
              + port
              + " and accepts nothing itself: new connections wait in its accept queue");
    }
    String waitsFor =
        open.isEmpty()
            ? "its shutdown to finish (background tasks, the lifespan's shutdown)"
            : "its open connection"
                + (open.size() == 1 ? "" : "s")
                + " to close (an event stream, a WebSocket or a keep-alive client that never"
                + " disconnects)";
    String explanation =
        "uvicorn's reloader "
            + (restarting ? "restarts" : "stops")
            + " the server by sending it SIGTERM and then calls process.join() with no timeout."
            + " The server's graceful shutdown waits for "
            + waitsFor
            + ", so the join never returns: "
            + (restarting ? "no new server process is started with the edited code, and " : "")
            + "the port stays held by the reloader, which never accepts, so every new request"
            + " waits.";
    String fix =
        "Run uvicorn with --timeout-graceful-shutdown SECONDS (uvicorn.run(...,"
            + " timeout_graceful_shutdown=...)), so the server cancels what is still open after"
            + " that many seconds and exits; and end long-lived responses on shutdown (stop the"
            + " event-stream generator when the app's lifespan shuts down, close WebSockets)."
            + " Now: kill PID "
            + server.pid()
            + " and the reloader starts the new server.";
    return new Finding(
        ID,
        "uvicorn --reload "
            + (restarting ? "restart" : "shutdown")
            + " waits for the old server PID "
            + server.pid()
            + (open.isEmpty() ? " to exit" : " to close its open connections"),
        open.isEmpty() ? Confidence.MEDIUM : Confidence.HIGH,
        thread.tid(),
        Lookup.threadName(process, thread),
        keyFrames,
        evidence,
        explanation,
        fix);
  }
}
