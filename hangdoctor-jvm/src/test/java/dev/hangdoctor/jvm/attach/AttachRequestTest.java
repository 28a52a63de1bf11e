package dev.hangdoctor.jvm.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request bytes, checked against what strace showed the JDK's own jcmd writing. */
class AttachRequestTest {
  private static String text(AttachRequest request) {
    return new String(request.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void version1IsTheCommandAndExactlyThreeArgumentsEachEndedByNul() {
    AttachRequest request = AttachRequest.v1("jcmd", "Thread.print -l -e");

    assertThat(text(request)).isEqualTo("1\0jcmd\0Thread.print -l -e\0\0\0");
    assertThat(request.bytes()).hasSize(28);
    assertThat(request.version()).isEqualTo(1);
  }

  @Test
  void version2CountsTheBytesAfterItsSizeAndCarriesOptionsAfterTheCommand() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("streaming", "1");
    AttachRequest request = AttachRequest.v2("jcmd", options, "Thread.print -l -e");

    assertThat(text(request)).isEqualTo("2\0" + "36\0jcmd streaming=1\0Thread.print -l -e\0");
    assertThat(request.bytes()).hasSize(41);
  }

  @Test
  void version2TakesAnyNumberOfArgumentsAndNoOptions() {
    AttachRequest request = AttachRequest.v2("load", Map.of(), "a", "bc", "", "d");

    assertThat(text(request)).isEqualTo("2\0" + "13\0load\0a\0bc\0\0d\0");
  }

  @Test
  void jcmdPicksTheVersionTheListenerSpeaks() {
    assertThat(text(AttachRequest.jcmd(1, Map.of("streaming", "0"), "VM.version")))
        .isEqualTo("1\0jcmd\0VM.version\0\0\0");
    assertThat(text(AttachRequest.jcmd(2, Map.of("streaming", "0"), "VM.version")))
        .isEqualTo("2\0" + "28\0jcmd streaming=0\0VM.version\0");
  }

  @Test
  void version1RefusesWhatTheListenerWouldDropSilently() {
    assertThatThrownBy(() -> AttachRequest.v1("jcmd", "x".repeat(1025)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttachRequest.v1("c".repeat(17)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AttachRequest.v1("jcmd", "a", "b", "c", "d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AttachRequest.v1("jcmd", "x".repeat(1024)).bytes()).hasSize(1 + 1 + 5 + 1025 + 2);
  }

  @Test
  void version2RefusesMoreThan256KiB() {
    assertThatThrownBy(() -> AttachRequest.v2("jcmd", Map.of(), "x".repeat(256 * 1024)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
