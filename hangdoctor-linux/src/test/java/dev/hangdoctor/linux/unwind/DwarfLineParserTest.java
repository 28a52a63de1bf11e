package dev.hangdoctor.linux.unwind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The line-table parser on a hand-assembled DWARF 4 unit; DWARF 5 is checked on real gcc output.
 */
class DwarfLineParserTest {
  @Test
  void readsTheRowsOfADwarf4Program() {
    LineTable table = DwarfLineParser.parse(dwarf4(), null, null);

    assertThat(table.lookup(0x1000).orElseThrow())
        .isEqualTo(new LineTable.SourcePosition("/src/app/gateway.c", 10));
    assertThat(table.lookup(0x1003).orElseThrow().line()).isEqualTo(10);
    assertThat(table.lookup(0x1004).orElseThrow().line()).isEqualTo(12);
    assertThat(table.lookup(0x1010).orElseThrow().line()).isEqualTo(12);
    assertThat(table.lookup(0x1020)).isEmpty(); // past the end of the sequence
    assertThat(table.lookup(0xfff)).isEmpty();
  }

  @Test
  void aTruncatedUnitGivesNoRowsAndNoError() {
    byte[] bytes = dwarf4();
    for (int cut = 0; cut < bytes.length; cut++) {
      LineTable table = DwarfLineParser.parse(java.util.Arrays.copyOf(bytes, cut), null, null);
      assertThat(table.size()).isGreaterThanOrEqualTo(0);
    }
  }

  private static byte[] dwarf4() {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(1); // minimum_instruction_length
    header.write(1); // maximum_operations_per_instruction
    header.write(1); // default_is_stmt
    header.write(-5 & 0xff); // line_base
    header.write(14); // line_range
    header.write(13); // opcode_base
    header.writeBytes(new byte[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1});
    header.writeBytes("/src/app\0\0".getBytes(StandardCharsets.UTF_8));
    header.writeBytes("gateway.c\0".getBytes(StandardCharsets.UTF_8));
    header.writeBytes(new byte[] {1, 0, 0, 0}); // dir 1, mtime, length; end of files
    ByteArrayOutputStream program = new ByteArrayOutputStream();
    program.writeBytes(new byte[] {0, 9, 2, 0, 0x10, 0, 0, 0, 0, 0, 0}); // set_address 0x1000
    program.writeBytes(new byte[] {3, 9}); // advance_line +9 → 10
    program.write(1); // copy: 0x1000 line 10
    // special opcode: address +4, line +2: (2 - (-5)) + 14 * 4 + 13
    program.write((2 + 5) + 14 * 4 + 13);
    program.writeBytes(new byte[] {2, 0x10}); // advance_pc 16 → 0x1014
    program.writeBytes(new byte[] {0, 1, 1}); // end_sequence
    ByteArrayOutputStream unit = new ByteArrayOutputStream();
    u16(unit, 4);
    u32(unit, header.size());
    unit.writeBytes(header.toByteArray());
    unit.writeBytes(program.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u32(out, unit.size());
    out.writeBytes(unit.toByteArray());
    return out.toByteArray();
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value & 0xff);
    out.write(value >>> 8 & 0xff);
  }

  private static void u32(ByteArrayOutputStream out, int value) {
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (8 * i) & 0xff);
    }
  }
}
