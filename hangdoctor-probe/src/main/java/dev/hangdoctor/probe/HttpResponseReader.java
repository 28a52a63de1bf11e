package dev.hangdoctor.probe;

import dev.hangdoctor.probe.HttpResponse.BodyFraming;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.x response from a stream: status line, headers and the whole body, delimited by
 * {@code Content-Length}, chunked transfer coding or the end of the connection, skipping interim
 * 1xx responses. Body bytes are counted and thrown away; reading stops at the cap. Works on any
 * stream, so it is tested on bytes; timeouts are the stream's business.
 */
public final class HttpResponseReader {
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;

  private final InputStream in;
  private final long maxBodyBytes;
  private final byte[] buffer = new byte[8192];

  public HttpResponseReader(InputStream in, long maxBodyBytes) {
    this.in = in;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Reads the response to a request made with {@code method}.
   *
   * @throws MalformedResponseException if the bytes are not HTTP or the connection ends early
   */
  public HttpResponse read(String method) throws IOException {
    while (true) {
      String statusLine = readLine("the status line");
      int status = parseStatus(statusLine);
      Map<String, String> headers = readHeaders();
      if (status >= 100 && status < 200 && status != 101) {
        continue; // interim response; the real one follows
      }
      String reason = reasonOf(statusLine);
      BodyFraming framing = framing(method, status, headers);
      long[] read = new long[1];
      boolean truncated =
          switch (framing) {
            case NONE -> false;
            case CONTENT_LENGTH -> readFixed(contentLength(headers), read);
            case CHUNKED -> readChunked(read);
            case UNTIL_CLOSE -> readToEnd(read);
          };
      return new HttpResponse(status, reason, headers, framing, read[0], truncated);
    }
  }

  static int parseStatus(String statusLine) throws MalformedResponseException {
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
      throw new MalformedResponseException(
          "not an HTTP/1.x status line: " + abbreviate(statusLine));
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new MalformedResponseException("not an HTTP status code: " + abbreviate(statusLine));
    }
  }

  private static String reasonOf(String statusLine) {
    String[] parts = statusLine.split(" ", 3);
    return parts.length == 3 ? parts[2].trim() : "";
  }

  static BodyFraming framing(String method, int status, Map<String, String> headers)
      throws MalformedResponseException {
    if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
      return BodyFraming.NONE;
    }
    String coding = headers.get("transfer-encoding");
    if (coding != null) {
      String last = coding.substring(coding.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
      return last.equals("chunked") ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
    }
    if (headers.containsKey("content-length")) {
      contentLength(headers);
      return BodyFraming.CONTENT_LENGTH;
    }
    return BodyFraming.UNTIL_CLOSE;
  }

  private static long contentLength(Map<String, String> headers) throws MalformedResponseException {
    String value = headers.get("content-length");
    try {
      long length = Long.parseLong(value.trim());
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new MalformedResponseException("bad Content-Length: " + abbreviate(value));
    }
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String line = readLine("the headers");
      if (line.isEmpty()) {
        return headers;
      }
      if (count >= MAX_HEADERS) {
        throw new MalformedResponseException("more than " + MAX_HEADERS + " header lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MalformedResponseException("not a header line: " + abbreviate(line));
      }
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
  }

  /** Reads {@code length} bytes; true if the cap stopped it first. */
  private boolean readFixed(long length, long[] read) throws IOException {
    long remaining = length;
    while (remaining > 0) {
      if (read[0] >= maxBodyBytes) {
        return true;
      }
      int want = (int) Math.min(Math.min(buffer.length, remaining), maxBodyBytes - read[0]);
      int n = in.read(buffer, 0, want);
      if (n < 0) {
        throw new MalformedResponseException(
            "connection closed after "
                + (length - remaining)
                + " of "
                + length
                + " body bytes (Content-Length)");
      }
      remaining -= n;
      read[0] += n;
    }
    return false;
  }

  private boolean readChunked(long[] read) throws IOException {
    while (true) {
      String sizeLine = readLine("a chunk size");
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new MalformedResponseException("bad chunk size: " + abbreviate(sizeLine));
      }
      if (size < 0) {
        throw new MalformedResponseException("bad chunk size: " + abbreviate(sizeLine));
      }
      if (size == 0) {
        readHeaders(); // trailers up to the empty line
        return false;
      }
      if (readFixed(size, read)) {
        return true;
      }
      if (!readLine("the end of a chunk").isEmpty()) {
        throw new MalformedResponseException("chunk longer than its size line said");
      }
    }
  }

  private boolean readToEnd(long[] read) throws IOException {
    while (true) {
      if (read[0] >= maxBodyBytes) {
        return true;
      }
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBodyBytes - read[0]));
      if (n < 0) {
        return false;
      }
      read[0] += n;
    }
  }

  private String readLine(String what) throws IOException {
    byte[] line = new byte[128];
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new MalformedResponseException(
            length == 0 && what.equals("the status line")
                ? "connection closed before a response"
                : "connection closed in " + what);
      }
      if (b == '\n') {
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (length == MAX_LINE) {
        throw new MalformedResponseException("line longer than " + MAX_LINE + " bytes in " + what);
      }
      if (length == line.length) {
        line = java.util.Arrays.copyOf(line, line.length * 2);
      }
      line[length++] = (byte) b;
    }
  }

  private static String abbreviate(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 60
        ? "'" + printable + "'"
        : "'" + printable.substring(0, 60) + "…'";
  }
}
