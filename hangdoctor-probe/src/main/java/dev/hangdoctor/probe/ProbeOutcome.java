package dev.hangdoctor.probe;

/**
 * What became of one probe. Only {@link #OK} is a success; {@link #SLOW} is a complete answer that
 * took longer than the {@code --slow} threshold.
 */
public enum ProbeOutcome {
  OK("ok"),
  SLOW("slow"),
  TIMEOUT("timeout"),
  REFUSED("refused"),
  RESET("reset"),
  HTTP_ERROR("http-error"),
  DNS("dns"),
  TLS("tls"),
  BAD_RESPONSE("bad-response"),
  NETWORK("network"),
  /** Not started: the overall deadline of the run had passed before its turn came. */
  SKIPPED("skipped");

  private final String label;

  ProbeOutcome(String label) {
    this.label = label;
  }

  /** The class as printed: {@code ok}, {@code timeout}, {@code http-error}, … */
  public String label() {
    return label;
  }

  /**
   * True for the failures a stuck server causes: it accepted the connection (the kernel does that
   * for it) but answered late, never, or by dropping it. Those are worth diagnosing the listener
   * for; a refused connection or an HTTP error means the server is not stuck.
   */
  public boolean suggestsStuckServer() {
    return this == SLOW || this == TIMEOUT || this == RESET;
  }
}
