package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.ConnectionReads;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SocketState;
import dev.hangdoctor.evidence.StackSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Catches the code that opens the connections a process leaves in CLOSE_WAIT: when their number
 * grew over the window, reads the Python stacks every {@link #GAP} for at most {@link #SPAN} (and
 * {@link #MAX_READS} reads), keeping the threads seen inside a network client call ({@link
 * NetworkClientCalls}); it stops early after {@link #ENOUGH_SIGHTINGS} of them. Such a call lasts a
 * few milliseconds between long sleeps, so the window's samples, half a second apart, almost never
 * see it.
 */
final class ConnectionReader {
  static final Duration GAP = Duration.ofMillis(2);
  static final Duration SPAN = Duration.ofMillis(2500);
  static final int MAX_READS = 600;
  static final int ENOUGH_SIGHTINGS = 12;

  private final PythonSource pythonSource;
  private final Pause pause;

  ConnectionReader(PythonSource pythonSource, Pause pause) {
    this.pythonSource = pythonSource;
    this.pause = pause;
  }

  /** True when the last sample has more CLOSE_WAIT sockets than the first. */
  static boolean closeWaitGrew(List<ProcessSnapshot> samples) {
    return samples.size() >= 2
        && closeWait(samples.get(samples.size() - 1)) > closeWait(samples.get(0));
  }

  private static long closeWait(ProcessSnapshot sample) {
    return sample.sockets().stream().filter(s -> s.state() == SocketState.CLOSE_WAIT).count();
  }

  /** The dense reads of {@code pid}; what was read so far when the process stops being readable. */
  ConnectionReads read(int pid) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + SPAN.toNanos();
    List<StackSample> sightings = new ArrayList<>();
    int reads = 0;
    try (PythonSource.RepeatedReads source = pythonSource.repeatedReads(pid)) {
      while (reads < MAX_READS
          && sightings.size() < ENOUGH_SIGHTINGS
          && System.nanoTime() < deadline) {
        PythonStacks stacks = source.read();
        if (stacks == null || stacks.status() != PythonStacks.Status.READ) {
          break;
        }
        reads++;
        List<StackSample.ThreadStack> caught = new ArrayList<>();
        for (PythonThread thread : stacks.threads()) {
          if (thread.problem() == null && NetworkClientCalls.inClientCall(thread.frames())) {
            caught.add(new StackSample.ThreadStack(thread.nativeThreadId(), thread.frames()));
          }
        }
        if (!caught.isEmpty()) {
          sightings.add(new StackSample(System.nanoTime(), caught));
        }
        pause.pause(GAP);
      }
    }
    return new ConnectionReads(reads, (System.nanoTime() - started) / 1_000_000, sightings);
  }
}
