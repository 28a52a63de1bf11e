package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonThread;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls with which a queue consumer waits for its next job: they block by design until a
 * producer pushes one, so a worker idle in one is healthy, not a network read without a timeout.
 * One table, matched against the source lines of the waiting thread's frames (the call as the
 * program wrote it): Redis's blocking list, sorted-set and stream commands, sent as a command word
 * ({@code "BLPOP"}) or through a client method ({@code r.blpop(...)}, {@code r.xread(...,
 * block=0)}); AMQP consumers waiting for deliveries ({@code channel.start_consuming()}, kombu's
 * {@code connection.drain_events()}); a beanstalkd {@code reserve()}.
 */
public final class BlockingPops {
  /** The blocking-pop calls, each with the client it belongs to. */
  private static final List<Pattern> CALLS =
      List.of(
          // Redis: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP
          Pattern.compile(
              "(?i)[\"'](BLPOP|BRPOP|BLMOVE|BRPOPLPUSH|BLMPOP|BZPOPMIN|BZPOPMAX|BZMPOP)[\"']"),
          Pattern.compile("\\.(blpop|brpop|blmove|brpoplpush|blmpop|bzpopmin|bzpopmax|bzmpop)\\("),
          // Redis streams wait only with BLOCK
          Pattern.compile("(?i)[\"'](XREAD|XREADGROUP)[\"'].*[\"']BLOCK[\"']"),
          Pattern.compile("\\.(xread|xreadgroup)\\(.*block\\s*="),
          // AMQP (pika, kombu) and beanstalkd consumers
          Pattern.compile("\\.(start_consuming|drain_events)\\("),
          Pattern.compile("\\.reserve\\(\\s*\\)"));

  private BlockingPops() {}

  /**
   * The blocking pop the thread {@code tid} waits in, as {@code "BLPOP" at thumb_worker.py:58
   * (work)}, when a line of its stack makes one.
   */
  public static Optional<String> waitedIn(Inspection inspection, int tid) {
    List<PythonFrame> frames =
        Lookup.pythonThread(inspection.latest(), tid).map(PythonThread::frames).orElse(List.of());
    for (PythonFrame frame : frames) {
      Optional<String> text =
          inspection.source(frame.file(), frame.line()).map(line -> line.text());
      if (text.isEmpty()) {
        continue;
      }
      for (Pattern call : CALLS) {
        Matcher matcher = call.matcher(text.get());
        if (matcher.find()) {
          return Optional.of(
              matcher.group(1)
                  + " at "
                  + UserFrames.location(frame)
                  + " ("
                  + frame.qualifiedName()
                  + ")");
        }
      }
    }
    return Optional.empty();
  }
}
