package dev.hangdoctor.jvm.dump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void featureVersionsAsJvmsPrintThem() {
    assertThat(JdkFormats.featureOf("17.0.15+6-Debian-1deb12u1")).isEqualTo(17);
    assertThat(JdkFormats.featureOf("25.0.3+9-LTS")).isEqualTo(25);
    assertThat(JdkFormats.featureOf("1.8.0_402-b06")).isEqualTo(8);
    assertThat(JdkFormats.featureOf("21")).isEqualTo(21);
    assertThat(JdkFormats.featureOf(null)).isZero();
    assertThat(JdkFormats.featureOf("x")).isZero();
  }

  @Test
  void oneRowPerEra() {
    assertThat(JdkFormats.of(17).virtualThreads()).isFalse();
    assertThat(JdkFormats.of(17).jsonDump()).isFalse();
    assertThat(JdkFormats.of(21).synchronizedPins()).isTrue();
    assertThat(JdkFormats.of(23).synchronizedPins()).isTrue();
    assertThat(JdkFormats.of(24).synchronizedPins()).isFalse();
    assertThat(JdkFormats.of(25).jsonLocks()).isTrue();
    assertThat(JdkFormats.of(26).jsonLocks()).isTrue();
    assertThat(JdkFormats.of(0).jsonDump()).isFalse();
  }

  @Test
  void vmVersionNamesTheVmAndItsVersion() {
    VmVersionParser.VmVersion version =
        VmVersionParser.parse("OpenJDK 64-Bit Server VM version 25.0.3+9-LTS\nJDK 25.0.3\n");

    assertThat(version.vmName()).isEqualTo("OpenJDK 64-Bit Server VM");
    assertThat(version.version()).isEqualTo("25.0.3+9-LTS");
    assertThat(VmVersionParser.parse("nothing").version()).isNull();
  }
}
