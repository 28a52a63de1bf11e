package dev.hangdoctor.linux.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code /proc/PID/cmdline} (NUL-terminated arguments) into a list; empty arguments in the
 * middle are kept, kernel threads and zombies give an empty list.
 */
public final class CmdlineParser {
  private CmdlineParser() {}

  public static List<String> parse(byte[] bytes) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    List<String> arguments = new ArrayList<>();
    if (end == 0) {
      return arguments;
    }
    int start = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || bytes[i] == 0) {
        arguments.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return arguments;
  }
}
