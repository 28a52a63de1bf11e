package dev.hangdoctor.probe;

/** The steps of one HTTP request, in order; a failed probe names the one it failed in. */
public enum Phase {
  DNS("dns"),
  CONNECT("connect"),
  TLS("tls"),
  FIRST_BYTE("first byte"),
  BODY("body");

  private final String label;

  Phase(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
