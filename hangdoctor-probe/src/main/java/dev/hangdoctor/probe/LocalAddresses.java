package dev.hangdoctor.probe;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Whether an address is this host's own (loopback, the wildcard, or an address of one of its
 * interfaces): only then can the process behind a port be found through {@code /proc}.
 */
public final class LocalAddresses {
  private LocalAddresses() {}

  public static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }
}
