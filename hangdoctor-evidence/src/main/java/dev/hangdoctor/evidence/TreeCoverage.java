package dev.hangdoctor.evidence;

import java.util.List;

/**
 * Which processes of a tree a diagnosis sampled and when: {@code treeSize} processes were in the
 * tree (the target included) when the window began; {@code sampled} lists the pids sampled side by
 * side, the target first; {@code leftOut} the others, each with why; {@code rounds} when each round
 * of samples (one sample of every sampled process) began and how long it took.
 */
public record TreeCoverage(
    int treeSize, List<Integer> sampled, List<LeftOut> leftOut, List<Round> rounds) {
  public TreeCoverage {
    sampled = List.copyOf(sampled);
    leftOut = List.copyOf(leftOut);
    rounds = List.copyOf(rounds);
  }

  /** A process of the tree without a verdict, and why ("exited during the window", …). */
  public record LeftOut(int pid, String command, String why) {}

  /** One round of samples: its number (1-based), start, duration and how many it sampled. */
  public record Round(int number, long startedAtEpochMillis, long tookMillis, int processes) {}

  /** True when every process of the tree got a verdict. */
  public boolean complete() {
    return leftOut.isEmpty();
  }
}
