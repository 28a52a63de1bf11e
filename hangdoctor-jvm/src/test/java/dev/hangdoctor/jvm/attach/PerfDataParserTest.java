package dev.hangdoctor.jvm.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** hsperfdata files captured from a JDK 25 JVM and a JDK 17 JVM started with attach disabled. */
class PerfDataParserTest {
  private static byte[] file(String name) throws IOException {
    try (InputStream in = PerfDataParserTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aNormalJvmAdvertisesAttach() throws IOException {
    byte[] perf = file("hsperfdata-jdk25");

    assertThat(PerfDataParser.attachSupported(perf)).contains(true);
    assertThat(PerfDataParser.strings(perf)).containsKey("java.property.java.vm.version");
    assertThat(PerfDataParser.strings(perf).get("java.property.java.vm.version")).startsWith("25.");
  }

  @Test
  void disableAttachMechanismShowsInTheCapabilities() throws IOException {
    byte[] perf = file("hsperfdata-attach-disabled");

    assertThat(PerfDataParser.attachSupported(perf)).contains(false);
    assertThat(PerfDataParser.strings(perf).get(PerfDataParser.CAPABILITIES)).startsWith("0");
  }

  @Test
  void anythingElseSaysNothing() throws IOException {
    assertThat(PerfDataParser.attachSupported(new byte[0])).isEmpty();
    assertThat(PerfDataParser.attachSupported(new byte[64])).isEmpty();
    byte[] truncated = Arrays.copyOf(file("hsperfdata-jdk25"), 100);
    assertThat(PerfDataParser.strings(truncated)).isNotNull();
  }
}
