package dev.hangdoctor.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;

/**
 * The TCP port of an {@code http(s)://} URL served by this machine: {@code --url} names the process
 * listening on it. Only local hosts qualify (localhost, 127.0.0.0/8, ::1, or an address of one of
 * this host's interfaces), since hangdoctor reads the processes of this machine; no name is looked
 * up in DNS.
 */
final class LocalUrl {
  private LocalUrl() {}

  /** The port {@code url} connects to, or the user's error (exit 2). */
  static int port(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw usage("--url " + url + " is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw usage("--url must start with http:// or https://, got " + url);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw usage("--url " + url + " names no host");
    }
    if (!isLocal(host)) {
      throw usage(
          "--url host "
              + host
              + " is not this machine; hangdoctor diagnoses local processes: run it on the host"
              + " that serves "
              + url);
    }
    if (uri.getPort() > 65535) {
      throw usage("--url port must be 1-65535, got " + uri.getPort());
    }
    return uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
  }

  static boolean isLocal(String host) {
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (name.equalsIgnoreCase("localhost")
        || name.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
      return true;
    }
    if (!isAddressLiteral(name)) {
      return name.equalsIgnoreCase(hostName());
    }
    try {
      InetAddress address = InetAddress.getByName(name); // a literal: no lookup
      return address.isLoopbackAddress() || address.isAnyLocalAddress() || ownsAddress(address);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isAddressLiteral(String name) {
    return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static boolean ownsAddress(InetAddress address) {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (Collections.list(nic.getInetAddresses()).contains(address)) {
          return true;
        }
      }
    } catch (SocketException e) {
      return false;
    }
    return false;
  }

  /** This machine's name as the kernel knows it (no lookup). */
  private static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static HangdoctorException usage(String message) {
    return new HangdoctorException(ExitCode.USAGE, message);
  }
}
