package dev.hangdoctor.linux.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code readelf -W -s} output as an oracle: the defined symbols of each table. */
final class ReadelfSymbols {
  private static final Pattern TABLE = Pattern.compile("^Symbol table '(\\S+)'");
  private static final Pattern ENTRY =
      Pattern.compile(
          "^\\s*\\d+:\\s+([0-9a-f]+)\\s+(0x[0-9a-f]+|\\d+)\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)\\s+([^\\s@]+)(?:@\\S*)?(?: \\(\\d+\\))?$");

  record Symbol(String table, String name, long value, long size, int section) {}

  private final List<Symbol> symbols;

  private ReadelfSymbols(List<Symbol> symbols) {
    this.symbols = symbols;
  }

  static ReadelfSymbols parse(String output) {
    List<Symbol> symbols = new ArrayList<>();
    String table = "";
    for (String line : output.split("\n")) {
      Matcher t = TABLE.matcher(line);
      if (t.find()) {
        table = t.group(1);
        continue;
      }
      Matcher e = ENTRY.matcher(line);
      if (e.find() && !e.group(3).equals("UND") && e.group(3).matches("\\d+")) {
        String size = e.group(2);
        symbols.add(
            new Symbol(
                table,
                e.group(4),
                Long.parseUnsignedLong(e.group(1), 16),
                size.startsWith("0x")
                    ? Long.parseLong(size.substring(2), 16)
                    : Long.parseLong(size),
                Integer.parseInt(e.group(3))));
      }
    }
    return new ReadelfSymbols(symbols);
  }

  /** Defined symbols of {@code table} whose name (without its version) occurs once there. */
  List<Symbol> uniqueDefined(String table) {
    Map<String, Integer> counts = new HashMap<>();
    for (Symbol s : symbols) {
      if (s.table().equals(table)) {
        counts.merge(s.name(), 1, Integer::sum);
      }
    }
    return symbols.stream()
        .filter(s -> s.table().equals(table))
        .filter(s -> counts.get(s.name()) == 1)
        .toList();
  }

  /** Runs {@code readelf -W -s file}, bounded to 30 s. */
  static String run(Path file) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("readelf", "-W", "-s", file.toString())
            .redirectErrorStream(true)
            .start();
    try (InputStream out = process.getInputStream()) {
      byte[] bytes = out.readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("readelf failed on " + file);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
    }
  }
}
