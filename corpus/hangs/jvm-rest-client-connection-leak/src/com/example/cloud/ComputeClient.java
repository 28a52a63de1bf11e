package com.example.cloud;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The compute API of the cloud: servers and their snapshots. */
public final class ComputeClient {
  private final ConnectionPool pool;
  private final String host;

  public ComputeClient(String host, int port) {
    this.host = host;
    this.pool = new ConnectionPool(new InetSocketAddress(host, port), 2);
  }

  public String server(String id) throws IOException, InterruptedException {
    return send("GET", "/v2/servers/" + id).body();
  }

  public int createSnapshot(String serverId, String name) throws IOException, InterruptedException {
    Response response = send("POST", "/v2/servers/" + serverId + "/action?createImage=" + name);
    return response.status();
  }

  private Response send(String method, String path) throws IOException, InterruptedException {
    Socket connection = pool.lease();
    OutputStream out = connection.getOutputStream();
    out.write(
        (method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = connection.getInputStream();
    String statusLine = line(in);
    int contentLength = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        contentLength = Integer.parseInt(header.substring(15).trim());
      }
    }
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), contentLength, connection, pool);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
