package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python library code that opens client connections or makes requests on them: HTTP clients
 * (requests, urllib3, httpx, httpcore, aiohttp, http.client, urllib.request) and the socket
 * module's connection helpers. A stack with one of their frames is a thread making a network client
 * call. The one table of those modules.
 */
final class NetworkClientCalls {
  /** Installed packages (under site-packages or dist-packages) that are network clients. */
  private static final Set<String> CLIENT_PACKAGES =
      Set.of("requests", "urllib3", "httpx", "httpcore", "aiohttp", "h11");

  /** Standard-library modules that are network clients, as paths below {@code lib/python3.X/}. */
  private static final Set<String> CLIENT_STDLIB_MODULES =
      Set.of("http/client.py", "urllib/request.py");

  /** The functions of the standard library's socket.py that open a connection. */
  private static final Set<String> SOCKET_CONNECTING = Set.of("create_connection", "getaddrinfo");

  private static final Pattern INSTALLED = Pattern.compile(".*/(?:site|dist)-packages/([^/]+)/.*");
  private static final Pattern STDLIB = Pattern.compile(".*/lib(?:64)?/python\\d+\\.\\d+t?/(.+)");

  private NetworkClientCalls() {}

  /** True when one of {@code frames} is network client code. */
  static boolean inClientCall(List<PythonFrame> frames) {
    return frames.stream().anyMatch(NetworkClientCalls::isClientFrame);
  }

  static boolean isClientFrame(PythonFrame frame) {
    String file = frame.file();
    if (file == null) {
      return false;
    }
    Matcher installed = INSTALLED.matcher(file);
    if (installed.matches()) {
      return CLIENT_PACKAGES.contains(installed.group(1));
    }
    Matcher stdlib = STDLIB.matcher(file);
    if (!stdlib.matches()) {
      return false;
    }
    String module = stdlib.group(1);
    return CLIENT_STDLIB_MODULES.contains(module)
        || (module.equals("socket.py") && SOCKET_CONNECTING.contains(frame.function()));
  }
}
