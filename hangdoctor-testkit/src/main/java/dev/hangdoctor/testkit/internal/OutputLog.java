package dev.hangdoctor.testkit.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The captured output of a target: its most recent lines up to a fixed number of characters, so a
 * chatty target cannot exhaust the test JVM's memory. Safe for concurrent writers.
 */
public final class OutputLog {
  private final int limitChars;
  private final Deque<String> lines = new ArrayDeque<>();
  private int chars;
  private long droppedLines;

  /** A log keeping at most {@code limitChars} characters of the latest lines. */
  public OutputLog(int limitChars) {
    this.limitChars = limitChars;
  }

  /** Appends one line (without its terminator), dropping the oldest lines when over the limit. */
  public synchronized void append(String line) {
    lines.addLast(line);
    chars += line.length() + 1;
    while (chars > limitChars && lines.size() > 1) {
      chars -= lines.removeFirst().length() + 1;
      droppedLines++;
    }
  }

  /** The kept lines, each ending in a newline, after a marker saying how many were dropped. */
  public synchronized String text() {
    StringBuilder text = new StringBuilder(chars + 40);
    if (droppedLines > 0) {
      text.append("[… ").append(droppedLines).append(" earlier lines dropped …]\n");
    }
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }
}
