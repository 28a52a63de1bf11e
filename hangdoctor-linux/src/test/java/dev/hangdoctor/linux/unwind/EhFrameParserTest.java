package dev.hangdoctor.linux.unwind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CFA interpreter on hand-assembled {@code .eh_frame} bytes: the prologue gcc emits for a
 * frame-pointer function ({@code push rbp; mov rbp, rsp}) and a remembered state around an
 * epilogue.
 */
class EhFrameParserTest {
  private static final long SECTION = 0x2000;
  private static final long FUNCTION = 0x1000;

  @Test
  void followsAFramePointerPrologue() {
    EhFrameParser table = EhFrameParser.parse(table(prologue()), SECTION);

    assertThat(table.size()).isEqualTo(1);
    CfiRow entry = table.rowAt(FUNCTION).orElseThrow();
    assertThat(entry.cfaRegister()).isEqualTo(CfiRow.RSP);
    assertThat(entry.cfaOffset()).isEqualTo(8);
    assertThat(entry.savedAt()).containsEntry(CfiRow.RETURN_ADDRESS, -8L);

    CfiRow afterPush = table.rowAt(FUNCTION + 1).orElseThrow();
    assertThat(afterPush.cfaRegister()).isEqualTo(CfiRow.RSP);
    assertThat(afterPush.cfaOffset()).isEqualTo(16);
    assertThat(afterPush.savedAt()).containsEntry(CfiRow.RBP, -16L);

    CfiRow body = table.rowAt(FUNCTION + 0x20).orElseThrow();
    assertThat(body.cfaRegister()).isEqualTo(CfiRow.RBP);
    assertThat(body.cfaOffset()).isEqualTo(16);
    assertThat(body.savedAt()).containsEntry(CfiRow.RBP, -16L);
  }

  @Test
  void restoresARememberedStateAfterAnEpilogue() {
    ByteArrayOutputStream fde = new ByteArrayOutputStream();
    fde.writeBytes(prologue());
    fde.write(0x40 | 0x20); // advance_loc 0x20 → FUNCTION + 0x24
    fde.write(0x0a); // remember_state
    fde.write(0x0c); // def_cfa rsp+8 (the epilogue's ret)
    fde.write(7);
    fde.write(8);
    fde.write(0x40 | 1); // advance_loc 1 → FUNCTION + 0x25
    fde.write(0x0b); // restore_state
    EhFrameParser table = EhFrameParser.parse(table(fde.toByteArray()), SECTION);

    assertThat(table.rowAt(FUNCTION + 0x24).orElseThrow().cfaRegister()).isEqualTo(CfiRow.RSP);
    assertThat(table.rowAt(FUNCTION + 0x25).orElseThrow().cfaRegister()).isEqualTo(CfiRow.RBP);
  }

  @Test
  void coversOnlyItsFunctionsAndSurvivesTruncation() {
    byte[] bytes = table(prologue());
    EhFrameParser table = EhFrameParser.parse(bytes, SECTION);

    assertThat(table.rowAt(FUNCTION - 1)).isEmpty();
    assertThat(table.rowAt(FUNCTION + 0x40)).isEmpty();
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
      Optional<CfiRow> row = EhFrameParser.parse(truncated, SECTION).rowAt(FUNCTION + 4);
      assertThat(row.isEmpty() || row.get().cfaOffset() >= 8).isTrue();
    }
  }

  /** push rbp (1 byte), mov rbp, rsp (3 bytes), as gcc -O0 describes them. */
  private static byte[] prologue() {
    return new byte[] {
      0x41, // advance_loc 1
      0x0e,
      16, // def_cfa_offset 16
      (byte) 0x86,
      2, // offset rbp at cfa-16
      0x43, // advance_loc 3
      0x0d,
      6 // def_cfa_register rbp
    };
  }

  /** A CIE ("zR", pc-relative sdata4 pointers) and one FDE for FUNCTION..FUNCTION+0x40. */
  private static byte[] table(byte[] instructions) {
    ByteArrayOutputStream cie = new ByteArrayOutputStream();
    u32(cie, 0); // CIE id
    cie.write(1); // version
    cie.writeBytes(new byte[] {'z', 'R', 0});
    cie.write(1); // code alignment
    cie.write(0x78); // data alignment -8
    cie.write(16); // return address register
    cie.write(1); // augmentation length
    cie.write(0x1b); // pcrel | sdata4
    cie.writeBytes(new byte[] {0x0c, 7, 8, (byte) 0x90, 1}); // def_cfa rsp+8; offset ra at cfa-8
    pad(cie);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    u32(out, cie.size());
    out.writeBytes(cie.toByteArray());
    int fdeStart = out.size();
    ByteArrayOutputStream fde = new ByteArrayOutputStream();
    u32(fde, fdeStart + 4); // distance back to the CIE from this field
    long field = SECTION + fdeStart + 8;
    u32(fde, (int) (FUNCTION - field));
    u32(fde, 0x40);
    fde.write(0); // augmentation length
    fde.writeBytes(instructions);
    pad(fde);
    u32(out, fde.size());
    out.writeBytes(fde.toByteArray());
    u32(out, 0);
    return out.toByteArray();
  }

  private static void pad(ByteArrayOutputStream entry) {
    while ((entry.size() + 4) % 8 != 0) {
      entry.write(0);
    }
  }

  private static void u32(ByteArrayOutputStream out, int value) {
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (8 * i) & 0xff);
    }
  }
}
