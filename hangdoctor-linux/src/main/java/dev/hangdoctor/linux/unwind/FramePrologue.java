package dev.hangdoctor.linux.unwind;

import java.util.OptionalLong;

/**
 * Decodes the frame-pointer prologue gcc and clang emit ({@code push rbp; mov rbp, rsp}, then
 * optional pushes of callee-saved registers and {@code sub rsp, N}) to tell how far above the stack
 * pointer of the function's body its frame pointer lies. That is how the unwinder recovers {@code
 * rbp} for the first frame-pointer function above libc without guessing. A pure function of the
 * code bytes.
 */
public final class FramePrologue {
  private FramePrologue() {}

  /**
   * {@code rbp - rsp} in the body of the function whose first bytes are {@code code}; empty when
   * the code does not start with a recognised frame-pointer prologue.
   */
  public static OptionalLong frameSize(byte[] code) {
    int at = 0;
    if (code.length >= 4
        && (code[0] & 0xff) == 0xf3
        && (code[1] & 0xff) == 0x0f
        && (code[2] & 0xff) == 0x1e
        && (code[3] & 0xff) == 0xfa) {
      at = 4; // endbr64
    }
    if (!matches(code, at, 0x55) || !matches(code, at + 1, 0x48, 0x89, 0xe5)) {
      return OptionalLong.empty();
    }
    at += 4;
    long size = 0;
    while (at < code.length) {
      int b = code[at] & 0xff;
      if (b >= 0x50 && b <= 0x57) {
        size += 8;
        at += 1;
      } else if (b == 0x41
          && at + 1 < code.length
          && (code[at + 1] & 0xff) >= 0x50
          && (code[at + 1] & 0xff) <= 0x57) {
        size += 8;
        at += 2;
      } else {
        break;
      }
    }
    if (matches(code, at, 0x48, 0x83, 0xec) && at + 3 < code.length) {
      size += code[at + 3] & 0xff;
    } else if (matches(code, at, 0x48, 0x81, 0xec) && at + 6 < code.length) {
      size +=
          (code[at + 3] & 0xffL)
              | (code[at + 4] & 0xffL) << 8
              | (code[at + 5] & 0xffL) << 16
              | (code[at + 6] & 0xffL) << 24;
    }
    return OptionalLong.of(size);
  }

  private static boolean matches(byte[] code, int at, int... expected) {
    if (at + expected.length > code.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((code[at + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
