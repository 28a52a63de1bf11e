package dev.hangdoctor.cpython.locate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a CPython file name announces: {@code python3.12}, {@code python3.13t}, {@code
 * libpython3.12.so.1.0}, {@code libpython3.6m.so.1.0}. The ABI flags are {@code t} (free-threaded),
 * {@code d} (debug) and {@code m} (pymalloc, 3.7 and older).
 */
record PythonFileName(int major, int minor, String abiFlags, boolean library) {
  private static final Pattern NAME =
      Pattern.compile("(lib)?python(\\d{1,2})\\.(\\d{1,3})([a-z]*)(\\.so(\\..*)?)?");

  static Optional<PythonFileName> of(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    Matcher m = NAME.matcher(base);
    if (!m.matches()) {
      return Optional.empty();
    }
    boolean library = m.group(1) != null;
    if (library != (m.group(5) != null)) {
      return Optional.empty();
    }
    return Optional.of(
        new PythonFileName(
            Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4), library));
  }

  boolean freeThreaded() {
    return abiFlags.contains("t");
  }

  boolean debug() {
    return abiFlags.contains("d");
  }

  /**
   * {@code 3.12}, {@code 3.13t}, {@code 3.6} (the {@code m} flag says nothing about the version).
   */
  String text() {
    return major + "." + minor + abiFlags.replace("m", "");
  }
}
