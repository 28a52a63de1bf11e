package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.SyscallState;
import java.util.ArrayList;
import java.util.List;

/**
 * How to put a deadline on the call a Python thread is blocked in, worded for the library it blocks
 * in (urllib, requests, http.client, a bare socket, a queue, a lock, a join, a child process), so a
 * fix can name the call to change.
 */
public final class TimeoutAdvice {
  private TimeoutAdvice() {}

  /**
   * Advice for a thread blocked with the stack {@code stack} (innermost first) in the system call
   * {@code call}; only the library frames inside the user's innermost frame are looked at.
   */
  public static String forCall(List<PythonFrame> stack, SyscallState call) {
    List<PythonFrame> frames = new ArrayList<>();
    for (PythonFrame frame : stack) {
      if (!UserFrames.isLibrary(frame.file())) {
        break;
      }
      frames.add(frame);
    }
    if (any(frames, "/requests/")) {
      return "pass timeout= to the requests call (requests.get(url, timeout=(3.05, 10)))";
    }
    if (any(frames, "/urllib/request.py")) {
      return "pass timeout= to urlopen (urllib.request.urlopen(url, timeout=10))";
    }
    if (any(frames, "/http/client.py")) {
      return "create the connection with a timeout (http.client.HTTPConnection(host, timeout=10))";
    }
    if (any(frames, "/queue.py")) {
      return "wait with a timeout (q.get(timeout=5)) and make the producer send a stop sentinel"
          + " before it finishes";
    }
    if (any(frames, "/subprocess.py")) {
      return "bound the child (proc.communicate(timeout=30) or subprocess.run(..., timeout=30))"
          + " and kill it on subprocess.TimeoutExpired";
    }
    if (innermostIs(frames, "/threading.py", "join")) {
      return "join with a timeout (thread.join(timeout=5)) and check thread.is_alive()";
    }
    if (any(frames, "/threading.py")) {
      return "wait with a timeout (lock.acquire(timeout=5), event.wait(5), cond.wait(5)) and"
          + " handle the False it returns";
    }
    if (any(frames, "/socket.py") || any(frames, "/ssl.py") || Waits.readFd(call).isPresent()) {
      return "set a socket timeout (sock.settimeout(10), or"
          + " socket.create_connection(address, timeout=10)) and handle socket.timeout";
    }
    if (Futexes.waitsForever(call)) {
      return "acquire or wait with a timeout (lock.acquire(timeout=5)) and handle the False it"
          + " returns";
    }
    return "give the call a timeout or a way to be cancelled";
  }

  private static boolean any(List<PythonFrame> frames, String fileSuffixOrPart) {
    return frames.stream()
        .anyMatch(frame -> frame.file() != null && frame.file().contains(fileSuffixOrPart));
  }

  private static boolean innermostIs(List<PythonFrame> frames, String file, String function) {
    return !frames.isEmpty()
        && frames.get(0).file() != null
        && frames.get(0).file().endsWith(file)
        && function.equals(frames.get(0).function());
  }
}
