/**
 * Measures hangdoctor's accuracy the way users meet it: every program of the corpus ({@code
 * corpus/README.md}), started for real and diagnosed in independent default windows, each by a
 * fresh {@code hangdoctor diagnose PID --json}. {@link dev.hangdoctor.accuracy.AccuracyRun} runs
 * it, {@link dev.hangdoctor.accuracy.AccuracyCommand} is {@code bench/accuracy}, and the corpus
 * test of {@code ./mvnw verify} holds the result to {@code corpus/expected.json}.
 */
package dev.hangdoctor.accuracy;
