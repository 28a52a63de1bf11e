package dev.hangdoctor.probe;

import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.rules.OwnConnections;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Probes URLs, {@link ProbeSchedule#parallel()} at a time and all within the schedule's deadline,
 * handing each result on as it finishes; then, when some failed the way a stuck server makes them
 * fail (timeout, reset, slow), diagnoses the local process behind each (or the one given with
 * {@code --pid}), once per process however many of its URLs failed. The diagnosis never counts the
 * probes' own connections as the server's (see {@link OwnConnections}).
 */
public final class Prober {
  /** How long past the deadline a probe gets to notice it before it is cut off. */
  static final Duration GRACE = Duration.ofSeconds(1);

  private final HttpProbe probe;
  private final ServerFinder servers;
  private final ProcessDiagnoser diagnoser;
  private final ProbeSchedule schedule;
  private final Ticker ticker;

  public Prober(HttpProbe probe, ServerFinder servers, ProcessDiagnoser diagnoser) {
    this(probe, servers, diagnoser, ProbeSchedule.DEFAULT, Ticker.SYSTEM);
  }

  /** {@code ticker} must be the one {@code probe} reads. */
  public Prober(
      HttpProbe probe,
      ServerFinder servers,
      ProcessDiagnoser diagnoser,
      ProbeSchedule schedule,
      Ticker ticker) {
    this.probe = probe;
    this.servers = servers;
    this.diagnoser = diagnoser;
    this.schedule = schedule;
    this.ticker = ticker;
  }

  /** Probes every URL, then diagnoses the servers of those that failed. */
  public ProbeReport run(List<URI> urls, OptionalInt pid) throws InterruptedException {
    List<ProbeResult> results = probeAll(urls);
    return new ProbeReport(results, diagnose(results, pid));
  }

  public List<ProbeResult> probeAll(List<URI> urls) throws InterruptedException {
    return probeAll(urls, result -> {});
  }

  /**
   * Probes every URL under the schedule. Each result goes to {@code onEach} as soon as its probe
   * finishes, on the calling thread (so in the order they finish); the returned list is in the
   * order of {@code urls}.
   */
  public List<ProbeResult> probeAll(List<URI> urls, Consumer<ProbeResult> onEach)
      throws InterruptedException {
    int count = urls.size();
    if (count == 0) {
      return List.of();
    }
    long deadline = ticker.read() + schedule.deadline().toNanos();
    AtomicReferenceArray<HttpProbe.Attempt> attempts = new AtomicReferenceArray<>(count);
    AtomicReferenceArray<ProbeResult> results = new AtomicReferenceArray<>(count);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(schedule.parallel(), count),
            task -> {
              Thread thread = new Thread(task, "hangdoctor-probe");
              thread.setDaemon(true); // one stuck in a DNS lookup must not keep the JVM alive
              return thread;
            });
    CompletionService<Integer> finished = new ExecutorCompletionService<>(pool);
    ProbeResult[] reported = new ProbeResult[count];
    try {
      for (int i = 0; i < count; i++) {
        int index = i;
        finished.submit(
            () -> {
              URI url = urls.get(index);
              if (ticker.read() - deadline >= 0) {
                results.set(index, skipped(url));
              } else {
                HttpProbe.Attempt attempt = probe.attempt(url, deadline);
                attempts.set(index, attempt);
                results.set(index, attempt.run());
              }
              return index;
            });
      }
      long graceEnd = deadline + GRACE.toNanos();
      for (int done = 0; done < count; done++) {
        long wait = graceEnd - ticker.read();
        Future<Integer> next = wait > 0 ? finished.poll(wait, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          break;
        }
        int index = indexOf(next);
        reported[index] = results.get(index);
        onEach.accept(reported[index]);
      }
      for (int i = 0; i < count; i++) {
        if (reported[i] == null) {
          reported[i] = lateResult(urls.get(i), attempts.get(i), results.get(i));
          onEach.accept(reported[i]);
        }
      }
      return List.of(reported);
    } finally {
      pool.shutdownNow();
      for (int i = 0; i < count; i++) {
        HttpProbe.Attempt attempt = attempts.get(i);
        if (reported[i] == null && attempt != null) {
          attempt.cutOff(); // interrupted: close what is still open
        }
      }
    }
  }

  /** A probe that had not finished when the deadline and its grace were over. */
  private static ProbeResult lateResult(URI url, HttpProbe.Attempt attempt, ProbeResult result) {
    if (result != null) {
      return result; // it finished just now
    }
    return attempt == null ? skipped(url) : attempt.cutOff();
  }

  private static ProbeResult skipped(URI url) {
    return new ProbeResult(
        url,
        ProbeOutcome.SKIPPED,
        null,
        0,
        new PhaseTimings(Map.of(), Duration.ZERO),
        0,
        false,
        null,
        null,
        "not probed: the overall deadline passed before its turn");
  }

  private static int indexOf(Future<Integer> done) throws InterruptedException {
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a probe failed unexpectedly", e.getCause());
    }
  }

  /**
   * Diagnoses the processes behind the failed probes among {@code results}: {@code pid} when given
   * (for any failure), else the local listener of each URL whose failure suggests a stuck server.
   * The connections of {@code results} are not counted as the server's.
   */
  public IncidentEvidence diagnose(List<ProbeResult> results, OptionalInt pid)
      throws InterruptedException {
    return diagnose(results, pid, ownConnections(results));
  }

  /** As {@link #diagnose(List, OptionalInt)}, not counting the connections {@code own}. */
  public IncidentEvidence diagnose(List<ProbeResult> results, OptionalInt pid, OwnConnections own)
      throws InterruptedException {
    Map<Integer, List<URI>> byPid = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (ProbeResult result : results) {
      if (result.ok() || result.outcome() == ProbeOutcome.SKIPPED) {
        continue;
      }
      if (pid.isPresent()) {
        serving(byPid, pid.getAsInt(), result.url());
        continue;
      }
      if (!result.outcome().suggestsStuckServer() || result.remote() == null) {
        continue;
      }
      ServerFinder.Found found = servers.find(result.remote());
      if (found.found()) {
        serving(byPid, found.pid(), result.url());
      } else {
        notes.add(result.url() + ": " + found.whyNone());
      }
    }
    List<ServerDiagnosis> diagnoses = new ArrayList<>();
    for (Map.Entry<Integer, List<URI>> entry : byPid.entrySet()) {
      int serverPid = entry.getKey();
      try {
        diagnoses.add(
            new ServerDiagnosis(serverPid, entry.getValue(), diagnoser.diagnose(serverPid, own)));
      } catch (ProcReadException e) {
        notes.add(
            "could not diagnose PID "
                + serverPid
                + (e.targetExited() ? ": it exited" : ": " + e.getMessage()));
      }
    }
    return new IncidentEvidence(diagnoses, notes);
  }

  private static void serving(Map<Integer, List<URI>> byPid, int pid, URI url) {
    List<URI> urls = byPid.computeIfAbsent(pid, p -> new ArrayList<>());
    if (!urls.contains(url)) {
      urls.add(url);
    }
  }

  /** The client ends of the connections {@code results} made. */
  public static OwnConnections ownConnections(List<ProbeResult> results) {
    return OwnConnections.of(clientEnds(results));
  }

  /** This host's ends of the connections {@code results} made. */
  public static List<InetSocketAddress> clientEnds(List<ProbeResult> results) {
    return results.stream()
        .map(ProbeResult::localAddress)
        .flatMap(Optional::stream)
        .collect(Collectors.toList());
  }
}
