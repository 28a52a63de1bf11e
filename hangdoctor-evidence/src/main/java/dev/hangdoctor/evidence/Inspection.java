package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The full evidence of one {@code inspect}: every sample, what changed over the window, and the
 * process tree below the target. {@code partial} is set when the target exited part-way.
 */
public record Inspection(
    int schemaVersion,
    int pid,
    List<ProcessSnapshot> samples,
    WindowSummary window,
    ProcessNode tree,
    boolean partial) {

  /** Version of the JSON evidence schema; raise it when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public Inspection {
    samples = List.copyOf(samples);
  }

  /** The most recent sample. */
  public ProcessSnapshot latest() {
    return samples.get(samples.size() - 1);
  }
}
