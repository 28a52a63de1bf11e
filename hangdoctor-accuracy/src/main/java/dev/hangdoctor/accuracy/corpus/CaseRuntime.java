package dev.hangdoctor.accuracy.corpus;

/**
 * What a case runs on, from {@code case.json}'s {@code runtime}: {@code python} cases run on every
 * CPython found, {@code c} cases once, {@code jvm} cases once per JDK found.
 */
public enum CaseRuntime {
  PYTHON,
  C,
  JVM
}
