package dev.hangdoctor.cpython;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code faulthandler.dump_traceback(all_threads=True)}: frames per thread identity
 * ({@code threading.get_ident()}), innermost first, with faulthandler's backslash-x, -u and -U
 * escapes of non-ASCII characters decoded. Faulthandler prints at most {@link #MAX_FRAMES} frames
 * per thread. From CPython 3.14 on, the thread line also carries the thread's name in brackets.
 */
record FaulthandlerDump(Map<Long, List<Frame>> threads) {
  static final int MAX_FRAMES = 100;
  private static final Pattern THREAD =
      Pattern.compile(
          "^(?:Current thread|Thread) 0x([0-9a-f]+)(?: \\[.*\\])? \\(most recent call first\\):$");
  private static final Pattern FRAME =
      Pattern.compile("^  File \"(.*)\", line (\\d+|\\?\\?\\?) in (.*)$");
  private static final Pattern ESCAPE =
      Pattern.compile("\\\\x([0-9a-f]{2})|\\\\u([0-9a-f]{4})|\\\\U([0-9a-f]{8})");

  /** One frame as faulthandler prints it; line -1 for "???". */
  record Frame(String file, int line, String function) {}

  static FaulthandlerDump parse(String text) {
    Map<Long, List<Frame>> threads = new LinkedHashMap<>();
    List<Frame> current = null;
    for (String line : text.split("\n")) {
      Matcher thread = THREAD.matcher(line);
      Matcher frame = FRAME.matcher(line);
      if (thread.matches()) {
        current = new ArrayList<>();
        threads.put(Long.parseUnsignedLong(thread.group(1), 16), current);
      } else if (frame.matches() && current != null) {
        int number = frame.group(2).equals("???") ? -1 : Integer.parseInt(frame.group(2));
        current.add(new Frame(unescape(frame.group(1)), number, unescape(frame.group(3))));
      }
    }
    return new FaulthandlerDump(threads);
  }

  /** True once the dump holds {@code expectedThreads} threads and the last one is complete. */
  static boolean complete(String text, int expectedThreads) {
    String trimmed = text.strip();
    return parse(text).threads().size() == expectedThreads && trimmed.endsWith("in <module>");
  }

  private static String unescape(String s) {
    Matcher m = ESCAPE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String hex = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      m.appendReplacement(
          out, Matcher.quoteReplacement(Character.toString(Integer.parseInt(hex, 16))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
