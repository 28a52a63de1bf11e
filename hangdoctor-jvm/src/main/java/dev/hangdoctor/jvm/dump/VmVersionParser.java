package dev.hangdoctor.jvm.dump;

/**
 * Parses the output of {@code VM.version}: {@code OpenJDK 64-Bit Server VM version
 * 17.0.15+6-Debian-1deb12u1} then {@code JDK 17.0.15}. A pure function.
 */
public final class VmVersionParser {
  private VmVersionParser() {}

  /** The VM's name and full version; either is {@code null} when the text does not say. */
  public record VmVersion(String vmName, String version) {}

  public static VmVersion parse(String text) {
    for (String line : text.lines().toList()) {
      int at = line.indexOf(" version ");
      if (at > 0) {
        return new VmVersion(line.substring(0, at).strip(), line.substring(at + 9).strip());
      }
    }
    return new VmVersion(null, null);
  }
}
