package dev.hangdoctor.evidence;

import java.util.List;

/**
 * What the first line of a diagnosis report says, for programs: the {@code kind} of verdict, the
 * {@code pid} it is about, the {@code chain} of pids from the target down the real wait chain to it
 * (the target alone when none), whether that process is reached along it ({@code onChain}; a stuck
 * process no chain leads to is not the target's root cause), the leading finding's {@code ruleId}
 * and {@code tid} ({@code null} and 0 when there is none), and the line itself.
 */
public record Headline(
    Kind kind, int pid, List<Integer> chain, boolean onChain, String ruleId, int tid, String text) {
  public Headline {
    chain = List.copyOf(chain);
  }

  /** The kinds of verdict. */
  public enum Kind {
    /** A hang: {@code ruleId} names it. */
    HANG,
    /** A stopped process (SIGSTOP, Ctrl+Z, a tracer): it runs no code. */
    STOPPED,
    /** No hang in what could be seen, but hangdoctor could not look at all it needs. */
    COULD_NOT_LOOK,
    /** No hang found. */
    NO_HANG
  }
}
