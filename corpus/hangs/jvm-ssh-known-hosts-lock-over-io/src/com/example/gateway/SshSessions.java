package com.example.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Opens SSH sessions to managed hosts, recording each host's key in the shared known-hosts. */
final class SshSessions {
  private static final Object KNOWN_HOSTS_LOCK = new Object();
  private static final Map<String, String> KNOWN_HOSTS = new HashMap<>();

  private SshSessions() {}

  static String open(String host, int port) throws IOException {
    synchronized (KNOWN_HOSTS_LOCK) {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 5_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      socket.getOutputStream().write("SSH-2.0-gateway_1.4\r\n".getBytes(StandardCharsets.US_ASCII));
      String banner = in.readLine();
      KNOWN_HOSTS.put(host + ":" + port, banner);
      return banner;
    }
  }
}
