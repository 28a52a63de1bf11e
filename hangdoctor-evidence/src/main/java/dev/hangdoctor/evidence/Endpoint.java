package dev.hangdoctor.evidence;

/** An IP address and port; IPv6 addresses are shown in brackets. */
public record Endpoint(String address, int port) {
  @Override
  public String toString() {
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }
}
