package dev.hangdoctor.evidence;

import java.util.List;

/**
 * The full evidence of one {@code inspect}: every sample, what changed over the window, and the
 * process tree below the target. {@code partial} is set when the target exited part-way. {@code
 * stackSamples} are extra Python-only stack reads taken between the samples of a CPython process
 * (empty otherwise, and in evidence recorded before they existed). {@code pipeEnds} are, for every
 * pipe or FIFO a thread sat reading or writing all window long, every descriptor open on it on the
 * machine (empty when there is none, and in older evidence). {@code sourceLines} are the lines of
 * Python source the frames of the last sample point at, read from disk (empty when none was read).
 * {@code connectionReads} are the dense stack reads taken when CLOSE_WAIT sockets grew ({@link
 * ConnectionReads#NONE} otherwise, and in older evidence).
 */
public record Inspection(
    int schemaVersion,
    int pid,
    List<ProcessSnapshot> samples,
    WindowSummary window,
    ProcessNode tree,
    boolean partial,
    List<StackSample> stackSamples,
    List<PipeEnd> pipeEnds,
    List<SourceLine> sourceLines,
    ConnectionReads connectionReads) {

  /** Version of the JSON evidence schema; raise it when a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public Inspection {
    samples = List.copyOf(samples);
    stackSamples = stackSamples == null ? List.of() : List.copyOf(stackSamples);
    pipeEnds = pipeEnds == null ? List.of() : List.copyOf(pipeEnds);
    sourceLines = sourceLines == null ? List.of() : List.copyOf(sourceLines);
    connectionReads = connectionReads == null ? ConnectionReads.NONE : connectionReads;
  }

  /** An inspection without dense connection reads. */
  public Inspection(
      int schemaVersion,
      int pid,
      List<ProcessSnapshot> samples,
      WindowSummary window,
      ProcessNode tree,
      boolean partial,
      List<StackSample> stackSamples,
      List<PipeEnd> pipeEnds,
      List<SourceLine> sourceLines) {
    this(
        schemaVersion,
        pid,
        samples,
        window,
        tree,
        partial,
        stackSamples,
        pipeEnds,
        sourceLines,
        ConnectionReads.NONE);
  }

  /** An inspection without source lines. */
  public Inspection(
      int schemaVersion,
      int pid,
      List<ProcessSnapshot> samples,
      WindowSummary window,
      ProcessNode tree,
      boolean partial,
      List<StackSample> stackSamples,
      List<PipeEnd> pipeEnds) {
    this(schemaVersion, pid, samples, window, tree, partial, stackSamples, pipeEnds, List.of());
  }

  /** An inspection without pipe ends. */
  public Inspection(
      int schemaVersion,
      int pid,
      List<ProcessSnapshot> samples,
      WindowSummary window,
      ProcessNode tree,
      boolean partial,
      List<StackSample> stackSamples) {
    this(schemaVersion, pid, samples, window, tree, partial, stackSamples, List.of(), List.of());
  }

  /** An inspection without Python stack samples between its full samples. */
  public Inspection(
      int schemaVersion,
      int pid,
      List<ProcessSnapshot> samples,
      WindowSummary window,
      ProcessNode tree,
      boolean partial) {
    this(schemaVersion, pid, samples, window, tree, partial, List.of(), List.of(), List.of());
  }

  /** This inspection with the ends of the pipes its threads sat on. */
  public Inspection withPipeEnds(List<PipeEnd> ends) {
    return new Inspection(
        schemaVersion,
        pid,
        samples,
        window,
        tree,
        partial,
        stackSamples,
        ends,
        sourceLines,
        connectionReads);
  }

  /** This inspection with the source lines its frames point at. */
  public Inspection withSourceLines(List<SourceLine> lines) {
    return new Inspection(
        schemaVersion,
        pid,
        samples,
        window,
        tree,
        partial,
        stackSamples,
        pipeEnds,
        lines,
        connectionReads);
  }

  /** The text of {@code file}'s line {@code line}, when it was read. */
  public java.util.Optional<SourceLine> source(String file, int line) {
    return sourceLines.stream().filter(s -> s.line() == line && s.file().equals(file)).findFirst();
  }

  /** The most recent sample. */
  public ProcessSnapshot latest() {
    return samples.get(samples.size() - 1);
  }
}
