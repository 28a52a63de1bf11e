package dev.hangdoctor.rules.signatures;

import dev.hangdoctor.evidence.ConnectionReads;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.StackSample;
import dev.hangdoctor.rules.internal.UserFrames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user code seen making network client calls in the dense reads taken while CLOSE_WAIT sockets
 * grew: of every thread caught inside a client call, its innermost own frame (the call site) and
 * the library frame that frame called. The call site seen in the most reads is the opener.
 */
final class ConnectionOpeners {
  private ConnectionOpeners() {}

  /**
   * One call site: the user's frame, the library frame it called, the thread, and in how many reads
   * it was seen, of how many over how long.
   */
  record Opener(
      PythonFrame caller, PythonFrame callee, int tid, int seen, int reads, long spanMillis) {

    /**
     * The call as the code names it ({@code self.session.get}) when the read told; else the library
     * function called, named by its module: {@code requests.get} for {@code requests/api.py}'s
     * {@code get} (a package re-exports its API at the top), {@code urllib.request.urlopen}.
     */
    String call() {
      // The call as the code names it, when the read told it and it is this callee: the caller's
      // instruction is read after its frames, and may have moved on to the next call meanwhile.
      if (caller.call() != null && caller.call().endsWith(callee.function())) {
        return caller.call();
      }
      String name = callee.qualifiedName() != null ? callee.qualifiedName() : callee.function();
      String module = module();
      return module.isEmpty() ? name : module + "." + name;
    }

    /** The top-level package of an installed library; the dotted module of the standard one. */
    private String module() {
      String file = callee.file() == null ? "" : callee.file();
      for (String marker : List.of("/site-packages/", "/dist-packages/")) {
        int at = file.indexOf(marker);
        if (at >= 0) {
          String rest = file.substring(at + marker.length());
          int slash = rest.indexOf('/');
          return slash < 0 ? rest.replace(".py", "") : rest.substring(0, slash);
        }
      }
      int python = file.lastIndexOf("/python3.");
      if (python >= 0 && file.endsWith(".py")) {
        String rest = file.substring(file.indexOf('/', python + 1) + 1);
        return rest.substring(0, rest.length() - 3).replace("/__init__", "").replace('/', '.');
      }
      return "";
    }

    /** The top-level package or module of the library frame ({@code requests}, {@code http}). */
    String library() {
      String module = module();
      int dot = module.indexOf('.');
      return dot < 0 ? module : module.substring(0, dot);
    }

    /** "seen calling requests.get in 7 of 212 stack reads over 1.5 s". */
    String sighting() {
      return String.format(
          Locale.ROOT,
          "seen calling %s in %d of %d stack reads over %.1f s right after the window",
          call(),
          seen,
          reads,
          spanMillis / 1000.0);
    }
  }

  /** The call site seen most often, if any thread was caught in a client call from user code. */
  static Optional<Opener> of(ConnectionReads reads) {
    Map<String, Opener> bySite = new LinkedHashMap<>();
    for (StackSample sample : reads.sightings()) {
      Map<String, Opener> inThisRead = new LinkedHashMap<>();
      for (StackSample.ThreadStack thread : sample.threads()) {
        List<PythonFrame> frames = thread.frames();
        Optional<PythonFrame> user = UserFrames.innermostUserFrame(frames);
        if (user.isEmpty()) {
          continue;
        }
        int at = frames.indexOf(user.get());
        if (at == 0) {
          continue; // the client code runs in a callback the user's frame is not calling
        }
        PythonFrame callee = frames.get(at - 1);
        String site = user.get().file() + ":" + user.get().qualifiedName();
        inThisRead.putIfAbsent(
            site, new Opener(user.get(), callee, thread.nativeThreadId(), 1, 0, 0));
      }
      inThisRead.forEach(
          (site, opener) ->
              bySite.merge(
                  site,
                  opener,
                  (old, next) ->
                      new Opener(old.caller(), old.callee(), old.tid(), old.seen() + 1, 0, 0)));
    }
    return bySite.values().stream()
        .max((a, b) -> Integer.compare(a.seen(), b.seen()))
        .map(
            o ->
                new Opener(
                    o.caller(), o.callee(), o.tid(), o.seen(), reads.reads(), reads.spanMillis()));
  }
}
