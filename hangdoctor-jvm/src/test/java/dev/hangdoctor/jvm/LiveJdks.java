package dev.hangdoctor.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.testkit.Interpreters;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.TargetSpec;
import java.util.List;

/** The JDKs live tests run on: every one found, and on CI at least 17 and a current one. */
public final class LiveJdks {
  private LiveJdks() {}

  public static List<JdkHome> all() {
    List<JdkHome> jdks = Interpreters.jdks();
    if ("true".equals(System.getenv("CI"))) {
      assertThat(jdks).as("CI must test JVM targets on JDK 17").anyMatch(j -> j.feature() == 17);
      assertThat(jdks).as("CI must test JVM targets on JDK 21+").anyMatch(j -> j.feature() >= 21);
    }
    return jdks;
  }

  /** The bundled JVM test target in {@code mode}. */
  public static TargetSpec target(JdkHome jdk, List<String> jvmOptions, String... mode) {
    return TargetSpec.java(jdk, "JvmTarget.java", jvmOptions, mode);
  }
}
