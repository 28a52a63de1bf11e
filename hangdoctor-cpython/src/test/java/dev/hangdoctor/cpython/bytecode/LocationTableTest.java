package dev.hangdoctor.cpython.bytecode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.cpython.fake.LineTableWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocationTableTest {
  private static final int FIRST = 100;

  private static int line(byte[] table, int index) {
    return LocationTable.lineOf(table, FIRST, index);
  }

  @Test
  void shortFormKeepsTheLine() {
    byte[] table = new LineTableWriter().shortForm(0, 3).shortForm(9, 2).bytes();
    assertThat(line(table, 0)).isEqualTo(FIRST);
    assertThat(line(table, 4)).isEqualTo(FIRST);
    assertThat(line(table, 5)).isEqualTo(LocationTable.UNKNOWN);
  }

  @Test
  void oneLineFormAddsZeroOneOrTwo() {
    byte[] table = new LineTableWriter().oneLine(0, 1).oneLine(1, 2).oneLine(2, 8).bytes();
    assertThat(line(table, 0)).isEqualTo(100);
    assertThat(line(table, 1)).isEqualTo(101);
    assertThat(line(table, 2)).isEqualTo(101);
    assertThat(line(table, 3)).isEqualTo(103);
    assertThat(line(table, 10)).isEqualTo(103);
    assertThat(line(table, 11)).isEqualTo(LocationTable.UNKNOWN);
  }

  @Test
  void noColumnsFormTakesASignedVarintDelta() {
    byte[] table =
        new LineTableWriter().noColumns(5, 1).noColumns(-3, 1).noColumns(1000, 1).bytes();
    assertThat(line(table, 0)).isEqualTo(105);
    assertThat(line(table, 1)).isEqualTo(102);
    assertThat(line(table, 2)).isEqualTo(1102);
  }

  @Test
  void longFormSkipsEndLineAndColumns() {
    byte[] table = new LineTableWriter().longForm(40, 4).longForm(-7, 4).shortForm(1, 1).bytes();
    assertThat(line(table, 3)).isEqualTo(140);
    assertThat(line(table, 4)).isEqualTo(133);
    assertThat(line(table, 8)).isEqualTo(133);
  }

  @Test
  void noLocationFormHasNoLineAndKeepsTheRunningLine() {
    byte[] table = new LineTableWriter().oneLine(2, 1).none(3).oneLine(1, 1).bytes();
    assertThat(line(table, 0)).isEqualTo(102);
    assertThat(line(table, 1)).isEqualTo(LocationTable.UNKNOWN);
    assertThat(line(table, 3)).isEqualTo(LocationTable.UNKNOWN);
    assertThat(line(table, 4)).isEqualTo(103);
  }

  /**
   * Tables of real functions with loops, try/except, comprehensions and closures, with the line of
   * every code unit as {@code co_positions()} of CPython 3.11.2, 3.12.1 and 3.13.0 reported it.
   */
  @Test
  void realTablesAgreeWithCpythonsOwnPositionsForEveryCodeUnit() throws Exception {
    List<String> fixtures;
    try (InputStream in = getClass().getResourceAsStream("linetables.txt")) {
      fixtures = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(6);
    for (String fixture : fixtures) {
      String[] f = fixture.split(" ");
      int first = Integer.parseInt(f[2]);
      byte[] table = HexFormat.of().parseHex(f[3]);
      String[] lines = f[4].split(",");
      for (int unit = 0; unit < lines.length; unit++) {
        assertThat(LocationTable.lineOf(table, first, unit))
            .as("%s %s unit %d", f[0], f[1], unit)
            .isEqualTo(Integer.parseInt(lines[unit]));
      }
      assertThat(LocationTable.lineOf(table, first, lines.length)).isEqualTo(LocationTable.UNKNOWN);
    }
  }

  @Test
  void negativeIndexIsUnknown() {
    assertThat(line(new LineTableWriter().oneLine(0, 8).bytes(), -1))
        .isEqualTo(LocationTable.UNKNOWN);
  }

  @Test
  void malformedTablesGiveUnknown() {
    assertThat(line(new byte[0], 0)).isEqualTo(LocationTable.UNKNOWN);
    assertThat(line(new byte[] {0x12}, 0)).isEqualTo(LocationTable.UNKNOWN);
    byte[] cutVarint = {(byte) (0x80 | 13 << 3), 0x40};
    assertThat(line(cutVarint, 0)).isEqualTo(LocationTable.UNKNOWN);
    byte[] endlessVarint = new byte[64];
    endlessVarint[0] = (byte) (0x80 | 13 << 3);
    Arrays.fill(endlessVarint, 1, 64, (byte) 0x7f);
    assertThat(line(endlessVarint, 0)).isEqualTo(LocationTable.UNKNOWN);
  }

  @Test
  void fuzzRandomAndTruncatedTablesNeverThrowAndAnswerALineOrUnknown() {
    Random random = new Random(0x5eed);
    byte[] valid =
        new LineTableWriter()
            .oneLine(0, 1)
            .longForm(17, 8)
            .none(2)
            .noColumns(-4, 3)
            .shortForm(3, 5)
            .oneLine(2, 8)
            .bytes();
    for (int n = 0; n < 20_000; n++) {
      byte[] table;
      if (n % 2 == 0) {
        table = new byte[random.nextInt(64)];
        random.nextBytes(table);
      } else {
        table = Arrays.copyOf(valid, random.nextInt(valid.length + 1));
        if (table.length > 0 && n % 3 == 0) {
          table[random.nextInt(table.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      int first = random.nextInt(2_000_000) - 1000;
      int index = random.nextInt(300) - 5;
      int result = LocationTable.lineOf(table, first, index);
      assertThat(result).as("case %d", n).isGreaterThanOrEqualTo(LocationTable.UNKNOWN);
    }
  }

  @Test
  void fuzzTruncationsOfAValidTableAgreeWithTheFullTableOrSayUnknown() {
    byte[] valid = new LineTableWriter().oneLine(1, 4).longForm(9, 8).noColumns(3, 6).bytes();
    for (int cut = 0; cut <= valid.length; cut++) {
      byte[] table = Arrays.copyOf(valid, cut);
      for (int index = 0; index < 20; index++) {
        int truncated = LocationTable.lineOf(table, FIRST, index);
        if (truncated != LocationTable.UNKNOWN) {
          assertThat(truncated).isEqualTo(LocationTable.lineOf(valid, FIRST, index));
        }
      }
    }
  }
}
