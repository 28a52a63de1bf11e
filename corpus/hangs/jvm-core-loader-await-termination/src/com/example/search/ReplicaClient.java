package com.example.search;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Asks the leader replica of a core which index version it has. */
final class ReplicaClient {
  private final String host;
  private final int port;

  ReplicaClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  long fetchIndexVersion(String core) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeUTF("INDEXVERSION " + core);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      return in.readLong();
    }
  }
}
