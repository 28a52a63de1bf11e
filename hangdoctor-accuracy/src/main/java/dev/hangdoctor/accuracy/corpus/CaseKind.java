package dev.hangdoctor.accuracy.corpus;

/** A corpus program is either hung ({@code hang}) or a healthy control ({@code control}). */
public enum CaseKind {
  HANG,
  CONTROL
}
