package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 10,000-line table, as a busy server has, parses completely and correctly. How long it takes is
 * a figure for {@code bench/inspect-benchmark} ("TCP table read + parse"), not for a test.
 */
class SocketTableParserLargeTableTest {
  private static final int LINES = 10_000;

  static String tcpTable(int lines) {
    StringBuilder text =
        new StringBuilder(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid "
                + " timeout inode                                                     \n");
    for (int i = 0; i < lines; i++) {
      text.append(
          String.format(
              Locale.ROOT,
              "%4d: %08X:%04X %08X:%04X %02X %08X:%08X 00:00000000 00000000  1000        0 %d 1"
                  + " 00000000%08x 20 4 30 10 -1                     %n",
              i,
              0x0100007F + (i % 7 << 24),
              8080,
              0x0A00000A + (i << 8),
              32768 + i % 28000,
              i % 12 + 1,
              i % 3 == 0 ? i : 0,
              i % 5 == 0 ? 100 + i : 0,
              100_000 + i,
              i));
    }
    return text.toString();
  }

  @Test
  void everyLineOfATenThousandLineTcpTableIsParsed() {
    Map<Long, SocketEntry> parsed =
        SocketTableParser.parseInet(tcpTable(LINES), SocketProtocol.TCP);

    assertThat(parsed).hasSize(LINES);
    SocketEntry last = parsed.get(100_000L + LINES - 1);
    assertThat(last.local().port()).isEqualTo(8080);
    assertThat(last.remote().port()).isEqualTo(32768 + (LINES - 1) % 28000);
    assertThat(parsed.get(100_000L + 3).sendQueue()).isEqualTo(3);
    assertThat(parsed.get(100_000L + 5).receiveQueue()).isEqualTo(105);
  }
}
