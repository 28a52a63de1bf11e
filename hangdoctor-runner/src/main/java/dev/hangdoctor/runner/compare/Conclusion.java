package dev.hangdoctor.runner.compare;

/** What a comparison of the two sides decides. */
public enum Conclusion {
  /** The change makes the command fail or hang significantly more often. */
  REGRESSION("regression"),
  /** It fails the same way without the change, at a rate the runs cannot tell apart. */
  PRE_EXISTING("pre-existing"),
  /** The change makes the command fail or hang significantly less often. */
  FIXED("fixed"),
  /** The runs do not decide; more of them would. */
  INCONCLUSIVE("inconclusive"),
  /** No run failed or hung on either side. */
  NOT_REPRODUCED("not-reproduced");

  private final String label;

  Conclusion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
