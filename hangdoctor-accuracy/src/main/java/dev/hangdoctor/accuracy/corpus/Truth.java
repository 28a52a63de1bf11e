package dev.hangdoctor.accuracy.corpus;

import java.util.List;
import java.util.Optional;

/**
 * The right answer for a hang case ({@code case.json}'s {@code truth}); empty for controls.
 *
 * @param verdicts rule ids that are a right answer
 * @param processCmdline text the leading finding's process command line must contain; empty means
 *     the process announced by {@code HANGDOCTOR-READY}
 * @param threads acceptable thread names, {@code re:}-prefixed ones are regular expressions that
 *     must match the whole name; empty means any thread (process-wide verdicts)
 * @param frames {@code file:function} pairs that must all be among the finding's frames
 * @param call the call the blocking line makes, as the user wrote it
 * @param explanation words the finding's explanation or fix must contain
 */
public record Truth(
    List<String> verdicts,
    Optional<String> processCmdline,
    List<String> threads,
    List<String> frames,
    Optional<String> call,
    List<String> explanation) {

  public Truth {
    verdicts = List.copyOf(verdicts);
    threads = List.copyOf(threads);
    frames = List.copyOf(frames);
    explanation = List.copyOf(explanation);
  }

  /** The truth of a control: no verdict is right. */
  public static Truth none() {
    return new Truth(
        List.of(), Optional.empty(), List.of(), List.of(), Optional.empty(), List.of());
  }
}
