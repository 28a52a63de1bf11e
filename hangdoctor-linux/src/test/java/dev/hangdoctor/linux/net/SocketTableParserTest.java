package dev.hangdoctor.linux.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hangdoctor.evidence.Endpoint;
import dev.hangdoctor.evidence.SocketEntry;
import dev.hangdoctor.evidence.SocketProtocol;
import dev.hangdoctor.evidence.SocketState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decodes tables copied from a real process (see {@code net/capture/sockets.txt} for which socket
 * is which inode).
 */
class SocketTableParserTest {

  static String capture(String table) {
    try (InputStream in =
        SocketTableParserTest.class.getResourceAsStream("/net/capture/" + table)) {
      assertThat(in).as("test resource net/capture/%s", table).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static SocketEntry inet(
      SocketProtocol protocol,
      long inode,
      SocketState state,
      Endpoint local,
      Endpoint remote,
      long receiveQueue,
      long sendQueue) {
    return new SocketEntry(
        -1, inode, protocol, state, local, remote, receiveQueue, sendQueue, null, null);
  }

  private static SocketEntry unix(long inode, SocketState state, String path, String type) {
    return new SocketEntry(
        -1, inode, SocketProtocol.UNIX, state, null, null, null, null, path, type);
  }

  private static Endpoint ep(String address, int port) {
    return new Endpoint(address, port);
  }

  @Test
  void tcpDecodesAddressesPortsStatesAndQueues() {
    Map<Long, SocketEntry> tcp = SocketTableParser.parseInet(capture("tcp"), SocketProtocol.TCP);

    SocketProtocol p = SocketProtocol.TCP;
    assertThat(tcp)
        .containsEntry(
            6938L,
            inet(p, 6938, SocketState.LISTEN, ep("127.0.0.1", 43287), ep("0.0.0.0", 0), 0, 0))
        .containsEntry(
            6939L,
            inet(
                p,
                6939,
                SocketState.ESTABLISHED,
                ep("127.0.0.1", 43600),
                ep("127.0.0.1", 43287),
                0,
                0))
        // 12345 bytes sent by the client, never read.
        .containsEntry(
            6940L,
            inet(
                p,
                6940,
                SocketState.ESTABLISHED,
                ep("127.0.0.1", 43287),
                ep("127.0.0.1", 43600),
                12345,
                0))
        // The peer closed; the kernel counts the FIN in the receive queue.
        .containsEntry(
            6942L,
            inet(
                p,
                6942,
                SocketState.CLOSE_WAIT,
                ep("127.0.0.1", 43287),
                ep("127.0.0.1", 43608),
                1,
                0))
        // Wrote until it would block to a peer that never reads.
        .containsEntry(
            6943L,
            inet(
                p,
                6943,
                SocketState.ESTABLISHED,
                ep("127.0.0.1", 43618),
                ep("127.0.0.1", 43287),
                0,
                0x3B2C1B))
        .containsEntry(
            6944L,
            inet(
                p,
                6944,
                SocketState.ESTABLISHED,
                ep("127.0.0.1", 43287),
                ep("127.0.0.1", 43618),
                0x1BA00,
                0));
    // 9 lines: the FIN_WAIT2 line has inode 0 (orphaned) and is left out.
    assertThat(tcp).hasSize(8).doesNotContainKey(0L);
    assertThat(tcp.values()).allSatisfy(s -> assertThat(s.fd()).isEqualTo(-1));
  }

  @Test
  void tcp6DecodesLoopbackWildcardAndIpv4MappedAddresses() {
    Map<Long, SocketEntry> tcp6 = SocketTableParser.parseInet(capture("tcp6"), SocketProtocol.TCP6);

    SocketProtocol p = SocketProtocol.TCP6;
    assertThat(tcp6)
        .hasSize(5)
        .containsEntry(
            6945L, inet(p, 6945, SocketState.LISTEN, ep("::1", 54917), ep("::", 0), 0, 0))
        .containsEntry(6948L, inet(p, 6948, SocketState.LISTEN, ep("::", 56285), ep("::", 0), 0, 0))
        .containsEntry(
            6946L, inet(p, 6946, SocketState.ESTABLISHED, ep("::1", 60590), ep("::1", 54917), 0, 0))
        .containsEntry(
            6947L, inet(p, 6947, SocketState.ESTABLISHED, ep("::1", 54917), ep("::1", 60590), 0, 0))
        .containsEntry(
            6950L,
            inet(
                p,
                6950,
                SocketState.ESTABLISHED,
                ep("::ffff:127.0.0.1", 56285),
                ep("::ffff:127.0.0.1", 56530),
                0,
                0));
    assertThat(tcp6.get(6950L).local()).hasToString("[::ffff:127.0.0.1]:56285");
  }

  @Test
  void udpTablesUseTheTcpStateNumbers() {
    Map<Long, SocketEntry> udp = SocketTableParser.parseInet(capture("udp"), SocketProtocol.UDP);
    Map<Long, SocketEntry> udp6 = SocketTableParser.parseInet(capture("udp6"), SocketProtocol.UDP6);

    assertThat(udp)
        .containsOnlyKeys(6951L)
        .containsEntry(
            6951L,
            inet(
                SocketProtocol.UDP,
                6951,
                SocketState.CLOSE,
                ep("127.0.0.1", 40179),
                ep("0.0.0.0", 0),
                0,
                0));
    assertThat(udp6)
        .containsOnlyKeys(6952L, 6953L)
        // One queued 100-byte datagram; UDP queues count buffer memory, not payload.
        .containsEntry(
            6952L,
            inet(
                SocketProtocol.UDP6,
                6952,
                SocketState.CLOSE,
                ep("::1", 52341),
                ep("::", 0),
                832,
                0))
        .containsEntry(
            6953L,
            inet(
                SocketProtocol.UDP6,
                6953,
                SocketState.ESTABLISHED,
                ep("::1", 44288),
                ep("::1", 52341),
                0,
                0));
  }

  @Test
  void unixDecodesTypeStatePathAndListening() {
    Map<Long, SocketEntry> unix = SocketTableParser.parseUnix(capture("unix"));

    assertThat(unix)
        .hasSize(10)
        .containsEntry(
            6957L, unix(6957, SocketState.LISTEN, "/tmp/netcap/my socket.sock", "STREAM"))
        .containsEntry(6954L, unix(6954, SocketState.LISTEN, "@hangdoctor-abstract", "STREAM"))
        .containsEntry(6956L, unix(6956, SocketState.CONNECTED, "@hangdoctor-abstract", "STREAM"))
        .containsEntry(6955L, unix(6955, SocketState.CONNECTED, "", "STREAM"))
        .containsEntry(6958L, unix(6958, SocketState.CONNECTED, "", "STREAM"))
        .containsEntry(6959L, unix(6959, SocketState.CONNECTED, "", "STREAM"))
        .containsEntry(6960L, unix(6960, SocketState.UNCONNECTED, "@hangdoctor-dgram", "DGRAM"))
        .containsEntry(
            6961L, unix(6961, SocketState.UNCONNECTED, "@hangdoctor-seqpacket", "SEQPACKET"));
  }

  @Test
  void unixStatesFromTheStColumn() {
    String text =
        "Num       RefCount Protocol Flags    Type St Inode Path\n"
            + "0000000000000000: 00000002 00000000 00000000 0001 02   101 /run/connecting\n"
            + "0000000000000000: 00000002 00000000 00000000 0001 04   102\n"
            + "0000000000000000: 00000002 00000000 00000000 0001 09   103\n"
            + "0000000000000000: 00000002 00000000 00000000 0003 01   104\n";

    Map<Long, SocketEntry> unix = SocketTableParser.parseUnix(text);

    assertThat(unix.get(101L).state()).isEqualTo(SocketState.CONNECTING);
    assertThat(unix.get(101L).unixPath()).isEqualTo("/run/connecting");
    assertThat(unix.get(102L).state()).isEqualTo(SocketState.DISCONNECTING);
    assertThat(unix.get(103L).state()).isEqualTo(SocketState.UNKNOWN);
    assertThat(unix.get(104L).unixType()).isEqualTo("UNKNOWN");
  }

  @Test
  void everyTcpStateNumberMaps() {
    SocketState[] expected = {
      SocketState.ESTABLISHED,
      SocketState.SYN_SENT,
      SocketState.SYN_RECV,
      SocketState.FIN_WAIT1,
      SocketState.FIN_WAIT2,
      SocketState.TIME_WAIT,
      SocketState.CLOSE,
      SocketState.CLOSE_WAIT,
      SocketState.LAST_ACK,
      SocketState.LISTEN,
      SocketState.CLOSING,
      SocketState.NEW_SYN_RECV,
    };
    StringBuilder text = new StringBuilder("  sl  local_address rem_address   st\n");
    for (int st = 1; st <= 13; st++) {
      text.append(
          String.format(
              "   %d: 0100007F:0050 0100007F:C000 %02X 00000000:00000000 00:00000000 00000000"
                  + "     0        0 %d 1 0000000000000000 20 4 0 10 -1%n",
              st, st, 1000 + st));
    }

    Map<Long, SocketEntry> tcp = SocketTableParser.parseInet(text.toString(), SocketProtocol.TCP);

    for (int st = 1; st <= 12; st++) {
      assertThat(tcp.get(1000L + st).state()).as("st %02X", st).isEqualTo(expected[st - 1]);
    }
    assertThat(tcp.get(1013L).state()).isEqualTo(SocketState.UNKNOWN);
  }

  @Test
  void ipv6TextIsCompressedAsRfc5952Says() {
    assertThat(SocketTableParser.ipv6(new int[] {0, 0, 0, 0, 0, 0, 0, 0})).isEqualTo("::");
    assertThat(SocketTableParser.ipv6(new int[] {0, 0, 0, 0, 0, 0, 0, 1})).isEqualTo("::1");
    assertThat(SocketTableParser.ipv6(new int[] {0xfe80, 0, 0, 0, 0, 0, 0, 1}))
        .isEqualTo("fe80::1");
    assertThat(SocketTableParser.ipv6(new int[] {0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}))
        .as("leftmost of two equal runs")
        .isEqualTo("2001:db8::1:0:0:1");
    assertThat(SocketTableParser.ipv6(new int[] {0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}))
        .as("a single zero group stays")
        .isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(SocketTableParser.ipv6(new int[] {0x2001, 0, 0, 1, 0, 0, 0, 0}))
        .as("longest run wins, at the end")
        .isEqualTo("2001:0:0:1::");
    assertThat(SocketTableParser.ipv6(new int[] {0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0101}))
        .isEqualTo("::ffff:192.168.1.1");
  }

  @Test
  void linkLocalAddressFromItsLittleEndianWords() {
    // fe80::1 is the bytes fe 80 00 .. 00 01; each 32-bit word is printed as a little-endian
    // number.
    String line =
        "   0: 000080FE000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A"
            + " 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0"
            + " 10 0\n";

    SocketEntry socket = SocketTableParser.parseInet(line, SocketProtocol.TCP6).get(777L);

    assertThat(socket.local()).isEqualTo(ep("fe80::1", 8080));
  }

  @Test
  void malformedLinesAreSkipped() {
    String good =
        "   1: 0100007F:A917 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0"
            + " 6938 1 0000000046b7ab46 100 0 0 10 0\n";
    String text =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
            + good
            + "\n"
            + "   2:\n"
            + "garbage\n"
            + "   3: 0100007F:A9\n"
            + "   4: 0100007F:ZZZZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 11 1"
            + " 0 100 0 0 10 0\n"
            + "   5: 0100007F:A917 00000000:0000 QQ 00000000:00000000 00:00000000 00000000  0  0 12 1"
            + " 0 100 0 0 10 0\n"
            + "   6: 0100007F:A917 00000000:0000 0A 0000000000000000 00:00000000 00000000  0  0 13 1"
            + " 0 100 0 0 10 0\n"
            + "   7: 0100007F00:A917 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 14"
            + " 1 0 100 0 0 10 0\n"
            + "   8: 0100007F:1A917 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 15"
            + " 1 0 100 0 0 10 0\n"
            + "   9: 0100007F:A917 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 x16"
            + " 1 0 100 0 0 10 0\n"
            // Cut off inside the inode: the kernel always prints fields after it.
            + "  10: 0100007F:A917 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 69";

    Map<Long, SocketEntry> tcp = SocketTableParser.parseInet(text, SocketProtocol.TCP);

    assertThat(tcp).containsOnlyKeys(6938L);
    assertThat(SocketTableParser.parseInet("", SocketProtocol.TCP)).isEmpty();
    assertThat(SocketTableParser.parseUnix("")).isEmpty();
    assertThat(SocketTableParser.parseUnix("Num       RefCount\n0000: 0002\n\nzz\n")).isEmpty();
  }

  @Test
  void crlfLineEndsAreTolerated() {
    String text = capture("unix").replace("\n", "\r\n");

    Map<Long, SocketEntry> unix = SocketTableParser.parseUnix(text);

    assertThat(unix.get(6957L).unixPath()).isEqualTo("/tmp/netcap/my socket.sock");
    assertThat(unix.get(6955L).unixPath()).isEmpty();
  }

  @Test
  void everyTruncationAndRandomDamageParsesWithoutThrowing() {
    String[] tables = {"tcp", "tcp6", "udp", "udp6", "unix"};
    SocketProtocol[] protocols = {
      SocketProtocol.TCP,
      SocketProtocol.TCP6,
      SocketProtocol.UDP,
      SocketProtocol.UDP6,
      SocketProtocol.UNIX
    };
    Random random = new Random(42);
    String alphabet = "0123456789ABCDEFabcdef: \n\t@/[]x\r";
    for (int t = 0; t < tables.length; t++) {
      String text = capture(tables[t]);
      SocketProtocol protocol = protocols[t];
      for (int cut = 0; cut <= text.length(); cut++) {
        String prefix = text.substring(0, cut);
        assertThatCode(() -> parse(prefix, protocol))
            .as("%s cut at %d", protocol, cut)
            .doesNotThrowAnyException();
      }
      for (int round = 0; round < 500; round++) {
        char[] chars = text.toCharArray();
        for (int k = 0; k < 5; k++) {
          chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        String damaged = new String(chars);
        assertThatCode(() -> parse(damaged, protocol))
            .as("%s damaged: %s", protocol, damaged)
            .doesNotThrowAnyException();
      }
    }
  }

  private static Map<Long, SocketEntry> parse(String text, SocketProtocol protocol) {
    return protocol == SocketProtocol.UNIX
        ? SocketTableParser.parseUnix(text)
        : SocketTableParser.parseInet(text, protocol);
  }

  @Test
  void unixIsNotAnInetTable() {
    assertThatThrownBy(() -> SocketTableParser.parseInet("", SocketProtocol.UNIX))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
