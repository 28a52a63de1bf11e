package dev.hangdoctor.jvm.attach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnixSocketTableParserTest {
  // Lines as a JDK 17 attach listener shows them (bound to the .tmp name, then renamed), beside a
  // connected socket, an abstract one and an unnamed one.
  private static final String TABLE =
      "Num       RefCount Protocol Flags    Type St Inode Path\n"
          + "000000003b3fbcfa: 00000002 00000000 00010000 0001 01 2730090"
          + " /tmp/.java_pid21226.tmp\n"
          + "00000000865fe699: 00000003 00000000 00000000 0001 03 193 /run/app/client.sock\n"
          + "000000006b352c2c: 00000002 00000000 00010000 0001 01 194 @/tmp/.X11-unix/X0\n"
          + "0000000012345678: 00000003 00000000 00000000 0001 03   195\n"
          + "00000000abcdef01: 00000002 00000000 00010000 0001 01 196 /var/run/my app.sock\n";

  @Test
  void onlyPathsAListeningSocketIsBoundToAreListed() {
    assertThat(UnixSocketTableParser.listeningPaths(TABLE))
        .containsExactlyInAnyOrder("/tmp/.java_pid21226.tmp", "/var/run/my app.sock");
  }

  @Test
  void anEmptyOrUnknownTableListsNothing() {
    assertThat(UnixSocketTableParser.listeningPaths("")).isEmpty();
    assertThat(UnixSocketTableParser.listeningPaths("Num RefCount\ngarbage line here x y z w\n"))
        .isEmpty();
  }
}
