package dev.hangdoctor.testkit;

import java.nio.file.Path;

/** A JDK or JRE installed on this machine and its feature version (17, 21, 25, …). */
public record JdkHome(Path home, int feature) {

  /** Its {@code bin/java} launcher. */
  public Path java() {
    return home.resolve("bin").resolve("java");
  }

  @Override
  public String toString() {
    return "JDK " + feature + " (" + home + ")";
  }
}
