package dev.hangdoctor.accuracy;

import dev.hangdoctor.accuracy.corpus.CorpusCase;
import dev.hangdoctor.accuracy.report.CaseResult;
import dev.hangdoctor.accuracy.runtime.RuntimeUnderTest;

/** Hears how an accuracy run advances; called from the worker threads. */
public interface Progress {
  /** A program is being started. */
  default void starting(CorpusCase corpusCase, RuntimeUnderTest runtime) {}

  /** Window {@code number} of {@code windows} of a program is being taken. */
  default void window(CorpusCase corpusCase, RuntimeUnderTest runtime, int number, int windows) {}

  /** A program's result is in; {@code done} of {@code total} are. */
  default void finished(CaseResult result, int done, int total) {}

  /** Hears nothing. */
  Progress NONE = new Progress() {};
}
