package dev.hangdoctor.cpython.locate;

import java.util.Map;

/**
 * Where a process's CPython runtime lives: the runtime address of {@code _PyRuntime}, the version
 * ({@code PY_VERSION_HEX}, read from the process's own {@code Py_Version}), the ELF file it was
 * found in (the executable or {@code libpython3.X.so}) with its load bias, and the runtime
 * addresses of other exported symbols useful for validation ({@code PyCode_Type}, {@code
 * PyUnicode_Type}, …).
 */
public record RuntimeLocation(
    long runtimeAddress,
    int versionHex,
    String binary,
    boolean sharedLibrary,
    long loadBias,
    Map<String, Long> symbols) {

  public RuntimeLocation {
    symbols = Map.copyOf(symbols);
  }

  public int major() {
    return (versionHex >>> 24) & 0xff;
  }

  public int minor() {
    return (versionHex >>> 16) & 0xff;
  }

  public int micro() {
    return (versionHex >>> 8) & 0xff;
  }

  /** {@code 3.12.1}, or {@code 3.13.0rc2} for a pre-release. */
  public String version() {
    return formatVersion(versionHex);
  }

  /** A {@code PY_VERSION_HEX} value as {@code 3.12.1}, or {@code 3.13.0rc2} for a pre-release. */
  public static String formatVersion(int versionHex) {
    int level = (versionHex >>> 4) & 0xf;
    int serial = versionHex & 0xf;
    String base =
        ((versionHex >>> 24) & 0xff)
            + "."
            + ((versionHex >>> 16) & 0xff)
            + "."
            + ((versionHex >>> 8) & 0xff);
    switch (level) {
      case 0xa:
        return base + "a" + serial;
      case 0xb:
        return base + "b" + serial;
      case 0xc:
        return base + "rc" + serial;
      default:
        return base;
    }
  }
}
