package dev.hangdoctor.diagnosis.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void durationsReadLikePs() {
    assertThat(Formats.duration(850)).isEqualTo("850ms");
    assertThat(Formats.duration(12_340)).isEqualTo("12.3s");
    assertThat(Formats.duration(245_000)).isEqualTo("4m05s");
    assertThat(Formats.duration(7_620_000)).isEqualTo("2h07m");
    assertThat(Formats.duration(273_600_000)).isEqualTo("3d04h");
    assertThat(Formats.duration(-1)).isEqualTo("?");
  }

  @Test
  void sizesPercentagesAndFitting() {
    assertThat(Formats.bytes(512)).isEqualTo("512 B");
    assertThat(Formats.bytes(12_900_000)).isEqualTo("12.3 MiB");
    assertThat(Formats.percent(-1)).isEqualTo("-");
    assertThat(Formats.percent(99.56)).isEqualTo("99.6");
    assertThat(Formats.fit("abcdef", 4)).isEqualTo("abc…");
    assertThat(Formats.fit(null, 4)).isEmpty();
  }
}
