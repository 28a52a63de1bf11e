package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints how long a 10,000-line table takes to parse; the tables are parsed on every sample. No
 * timing assertion: the figure is for people, machines vary.
 */
class SocketTableParserTimingTest {
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
  void printsTheParseTimeOfATenThousandLineTcpTable() {
    String text = tcpTable(LINES);
    long cold = System.nanoTime();
    Map<Long, SocketEntry> first = SocketTableParser.parseInet(text, SocketProtocol.TCP);
    cold = System.nanoTime() - cold;
    assertThat(first).hasSize(LINES);

    for (int i = 0; i < 200; i++) {
      SocketTableParser.parseInet(text, SocketProtocol.TCP);
    }
    long[] runs = new long[100];
    for (int i = 0; i < runs.length; i++) {
      long start = System.nanoTime();
      Map<Long, SocketEntry> parsed = SocketTableParser.parseInet(text, SocketProtocol.TCP);
      runs[i] = System.nanoTime() - start;
      assertThat(parsed).hasSize(LINES);
    }
    Arrays.sort(runs);
    System.out.printf(
        Locale.ROOT,
        "SocketTableParser.parseInet, %d-line tcp table (%d KiB): first %.2f ms, warm median %.2f"
            + " ms, best %.2f ms, p90 %.2f ms%n",
        LINES,
        text.length() / 1024,
        cold / 1e6,
        runs[runs.length / 2] / 1e6,
        runs[0] / 1e6,
        runs[runs.length * 9 / 10] / 1e6);
  }
}
