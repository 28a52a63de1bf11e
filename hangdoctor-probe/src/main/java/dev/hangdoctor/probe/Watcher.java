package dev.hangdoctor.probe;

import dev.hangdoctor.diagnosis.report.WriteFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The watch loop: runs a {@link Check} every interval; when {@code failures} checks in a row fail
 * it opens an incident, gathers the evidence and writes one bundle, then keeps checking without
 * writing again until a check passes (recovery) and a new incident begins. Runs until interrupted
 * (or {@code maxChecks}, or the watched process exits), and returns normally on interrupt with the
 * interrupt status kept; a bundle being written when that happens is finished or removed, never
 * left half-written. Time and sleeping are injected, so tests run it without waiting.
 */
public final class Watcher {
  private final Check check;
  private final WatchSettings settings;
  private final BundleWriter bundles;
  private final WatchListener listener;
  private final Clock clock;
  private final Ticker ticker;
  private final Sleeper sleeper;

  public Watcher(
      Check check,
      WatchSettings settings,
      BundleWriter bundles,
      WatchListener listener,
      Clock clock,
      Ticker ticker,
      Sleeper sleeper) {
    this.check = check;
    this.settings = settings;
    this.bundles = bundles;
    this.listener = listener;
    this.clock = clock;
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  /**
   * Watches until interrupted, {@code maxChecks} or the target's exit.
   *
   * @throws IOException if leftovers of an earlier, killed watch cannot be removed
   */
  public WatchSummary run() throws IOException {
    bundles.removeIncomplete();
    Deque<TimedCheck> failedInARow = new ArrayDeque<>();
    List<Path> written = new ArrayList<>();
    boolean inIncident = false;
    int inARow = 0;
    int incidents = 0;
    long checks = 0;
    try {
      while (settings.maxChecks() == 0 || checks < settings.maxChecks()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        long began = ticker.read();
        CheckResult result = check.run();
        TimedCheck timed = new TimedCheck(++checks, clock.instant(), result);
        if (result.failing()) {
          inARow++;
          failedInARow.addLast(timed);
          if (failedInARow.size() > settings.failures()) {
            failedInARow.removeFirst();
          }
        } else {
          inARow = 0;
          failedInARow.clear();
          if (inIncident) {
            inIncident = false;
            listener.onRecovery(timed.at());
          }
        }
        boolean opens = !inIncident && result.failing() && inARow >= settings.failures();
        listener.onCheck(timed, inARow, inIncident || opens);
        if (result.targetGone()) {
          return new WatchSummary(
              checks, incidents, written, incidents - written.size(), WatchSummary.End.TARGET_GONE);
        }
        if (opens) {
          inIncident = true;
          incidents++;
          record(new ArrayList<>(failedInARow), result).ifPresent(written::add);
        }
        if (settings.maxChecks() != 0 && checks >= settings.maxChecks()) {
          break;
        }
        sleeper.sleep(settings.interval().minus(Duration.ofNanos(ticker.read() - began)));
      }
      return new WatchSummary(
          checks, incidents, written, incidents - written.size(), WatchSummary.End.MAX_CHECKS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new WatchSummary(
          checks, incidents, written, incidents - written.size(), WatchSummary.End.INTERRUPTED);
    }
  }

  private Optional<Path> record(List<TimedCheck> failed, CheckResult last)
      throws InterruptedException {
    IncidentEvidence evidence = check.investigate(last);
    try {
      Path bundle = bundles.write(failed.get(0).at(), failed, evidence, check.reproduction());
      List<Path> deleted = bundles.prune(settings.maxBundles());
      listener.onIncident(bundle, evidence, deleted);
      return Optional.of(bundle);
    } catch (IOException e) {
      listener.onBundleFailed(WriteFailure.describe(e));
      return Optional.empty();
    }
  }
}
