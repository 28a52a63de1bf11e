package dev.hangdoctor.diagnosis.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds the reasons a process looks healthy: threads that do the same thing ("idle in
 * clock_nanosleep", "waits in futex(0x…) …"; addresses do not count) beyond a few become one line
 * that counts and names some of them, so a healthy 2,000-thread pool reads in a few lines. Reasons
 * that are not about one thread stay as they are, in order.
 */
final class HealthyReasons {
  /** {@code NAME (tid 123) what it does}: the form of a reason about one thread. */
  private static final Pattern THREAD_REASON = Pattern.compile("^(.*) \\(tid (\\d+)\\) (.+)$");

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]+");

  /** How the rule engine words a thread whose wait the kernel refused. */
  private static final String UNKNOWN_WAIT = "waits in ? (no timeout; no rule flags it)";

  /** Threads named in a folded line before "and N more". */
  static final int NAMED = 3;

  private HealthyReasons() {}

  static List<String> folded(List<String> reasons, int foldAfter) {
    Map<String, List<String>> byWhat = new LinkedHashMap<>();
    for (String given : reasons) {
      String reason = given.replace(UNKNOWN_WAIT, "has a kernel wait that could not be read");
      Matcher m = THREAD_REASON.matcher(reason);
      String key =
          m.matches() ? "\0" + ADDRESS.matcher(m.group(3)).replaceAll("0x…") : "\1" + reason;
      byWhat.computeIfAbsent(key, k -> new ArrayList<>()).add(reason);
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : byWhat.entrySet()) {
      List<String> group = entry.getValue();
      if (!entry.getKey().startsWith("\0") || group.size() <= foldAfter) {
        out.addAll(group);
        continue;
      }
      List<String> who = new ArrayList<>();
      for (String reason : group.subList(0, NAMED)) {
        Matcher m = THREAD_REASON.matcher(reason);
        if (m.matches()) {
          who.add(m.group(1) + " (tid " + m.group(2) + ")");
        }
      }
      String what = entry.getKey().substring(1);
      out.add(
          String.format(
              Locale.ROOT,
              "%,d threads %s: %s and %,d more",
              group.size(),
              what.startsWith("waits ") ? "wait " + what.substring("waits ".length()) : what,
              String.join(", ", who) + ",",
              group.size() - NAMED));
    }
    return out;
  }
}
