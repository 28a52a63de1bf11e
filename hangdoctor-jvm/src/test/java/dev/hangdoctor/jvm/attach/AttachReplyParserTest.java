package dev.hangdoctor.jvm.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Replies as the listeners of JDK 17 and 25 sent them. */
class AttachReplyParserTest {
  private static Optional<AttachReply> parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return AttachReplyParser.parse(bytes, bytes.length);
  }

  @Test
  void statusZeroThenTheOutput() {
    AttachReply reply =
        parse("0\nOpenJDK 64-Bit Server VM version 17.0.15\nJDK 17.0.15\n").orElseThrow();

    assertThat(reply.ok()).isTrue();
    assertThat(reply.output()).startsWith("OpenJDK 64-Bit Server VM version 17.0.15");
  }

  @Test
  void aRejectedOperationHasMinusOneAndItsReason() {
    AttachReply reply = parse("-1\nOperation getversion not recognized!").orElseThrow();

    assertThat(reply.ok()).isFalse();
    assertThat(reply.status()).isEqualTo(-1);
    assertThat(reply.firstLine()).isEqualTo("Operation getversion not recognized!");
  }

  @Test
  void aVersion2RequestToJdk17GetsBadVersion() {
    assertThat(parse("101\n").orElseThrow().status()).isEqualTo(AttachReply.BAD_VERSION);
  }

  @Test
  void anEmptyOrHeadlessReplyIsNoReply() {
    assertThat(parse("")).isEmpty();
    assertThat(parse("partial")).isEmpty();
    assertThat(parse("\nbody")).isEmpty();
    assertThat(parse("x1\nbody")).isEmpty();
  }

  @Test
  void onlyTheGivenLengthCounts() {
    byte[] bytes = "0\nabcdef".getBytes(StandardCharsets.US_ASCII);

    assertThat(AttachReplyParser.parse(bytes, 5).orElseThrow().output()).isEqualTo("abc");
  }
}
