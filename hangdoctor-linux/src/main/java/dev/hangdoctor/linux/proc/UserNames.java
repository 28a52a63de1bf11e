package dev.hangdoctor.linux.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Resolves uids to user names from {@code /etc/passwd}, read once; unknown uids stay numeric. */
public final class UserNames {
  private final Map<Integer, String> names;

  private UserNames(Map<Integer, String> names) {
    this.names = names;
  }

  public static UserNames fromPasswd(Path passwd) {
    try {
      return new UserNames(parse(Files.readString(passwd, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return new UserNames(Map.of());
    }
  }

  static Map<Integer, String> parse(String passwd) {
    Map<Integer, String> names = new HashMap<>();
    for (String line : passwd.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 3) {
        try {
          names.putIfAbsent(Integer.parseInt(fields[2]), fields[0]);
        } catch (NumberFormatException e) {
          // a malformed line names nobody
        }
      }
    }
    return names;
  }

  public String nameOf(int uid) {
    return names.getOrDefault(uid, Integer.toString(uid));
  }
}
