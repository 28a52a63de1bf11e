package dev.hangdoctor.cpython.walker;

/** Sanity rules for pointers read from a process that keeps running. */
final class Pointers {
  private static final long USER_SPACE_END = 1L << 47;

  private Pointers() {}

  /** True for a plausible object pointer: non-zero, 8-aligned, below the x86_64 user-space end. */
  static boolean plausible(long address) {
    return address > 0 && address < USER_SPACE_END && (address & 7) == 0;
  }

  static void require(long address, String what) throws WalkFault {
    if (!plausible(address)) {
      throw new WalkFault(String.format("%s pointer 0x%x is not plausible", what, address));
    }
  }
}
