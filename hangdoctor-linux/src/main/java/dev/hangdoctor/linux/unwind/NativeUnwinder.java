package dev.hangdoctor.linux.unwind;

import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.evidence.NativeStack;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Unwinds a thread's machine-code stack from its stack pointer and program counter, reading the
 * stack from another process's memory without stopping it: {@code .eh_frame} call-frame rules where
 * the module has them, frame pointers ({@code rbp}) where it does not. The frame pointer of the
 * innermost frames is unknown (only SP and PC are published); when a frame's rule needs it and no
 * callee saved it, the frame base is found by scanning the stack for a saved-{@code rbp}/return
 * address pair that is itself a frame (said in {@link NativeStack#scanned()}). Bounded depth; any
 * read failure or implausible step stops the walk and says why.
 */
public final class NativeUnwinder {
  /** The deepest stack read. */
  public static final int MAX_FRAMES = 64;

  /** How far above the stack pointer a frame base is looked for. */
  static final int SCAN_BYTES = 4096;

  private final RemoteMemory memory;
  private final AddressSpace space;

  public NativeUnwinder(RemoteMemory memory, AddressSpace space) {
    this.memory = memory;
    this.space = space;
  }

  /** The stack of a thread stopped in the kernel with stack pointer {@code sp} at {@code pc}. */
  public NativeStack unwind(long sp, long pc) {
    List<NativeFrame> frames = new ArrayList<>();
    frames.add(space.frame(pc, 0, false));
    Long rbp = null;
    boolean scanned = false;
    boolean innermost = true;
    while (frames.size() < MAX_FRAMES) {
      Optional<AddressSpace.Located> located = space.locate(pc);
      if (located.isEmpty()) {
        return stopped(frames, "0x" + Long.toHexString(pc) + " is in no mapped file", scanned);
      }
      long lookup = located.get().linkAddress() - (innermost ? 0 : 1);
      Optional<CfiRow> row = located.get().module().ehFrame().rowAt(lookup);
      long cfa;
      long returnAddress;
      Long callerRbp;
      try {
        if (row.isPresent() && !row.get().expression()) {
          CfiRow rule = row.get();
          if (rule.outermost()) {
            return new NativeStack(frames, true, null, scanned);
          }
          Long base;
          if (rule.cfaRegister() == CfiRow.RSP) {
            base = sp;
          } else if (rule.cfaRegister() == CfiRow.RBP) {
            if (rbp == null) {
              rbp = frameBaseFromPrologue(located.get(), lookup, sp);
            }
            if (rbp == null) {
              rbp = scanForFrameBase(sp);
              scanned = true;
            }
            base = rbp;
          } else {
            base = null;
          }
          if (base == null) {
            return stopped(frames, "frame base of " + last(frames) + " unknown", scanned);
          }
          cfa = base + rule.cfaOffset();
          Long raSlot = rule.savedAt().get(CfiRow.RETURN_ADDRESS);
          returnAddress = memory.readLong(cfa + (raSlot != null ? raSlot : -8));
          Long rbpSlot = rule.savedAt().get(CfiRow.RBP);
          callerRbp = rbpSlot != null ? Long.valueOf(memory.readLong(cfa + rbpSlot)) : rbp;
        } else if (rbp != null) {
          cfa = rbp + 16;
          returnAddress = memory.readLong(rbp + 8);
          callerRbp = memory.readLong(rbp);
        } else {
          return stopped(frames, "no call-frame information at " + last(frames), scanned);
        }
      } catch (MemoryReadException e) {
        return stopped(frames, "stack unreadable below " + last(frames), scanned);
      }
      if (returnAddress == 0) {
        return new NativeStack(frames, true, null, scanned);
      }
      if (Long.compareUnsigned(cfa, sp) <= 0) {
        return stopped(frames, "stack did not grow above " + last(frames), scanned);
      }
      if (space.codeMapping(returnAddress).isEmpty()) {
        return stopped(frames, "return address of " + last(frames) + " is not code", scanned);
      }
      frames.add(space.frame(returnAddress, 1, false));
      pc = returnAddress;
      sp = cfa;
      rbp = callerRbp;
      innermost = false;
    }
    return stopped(frames, "deeper than " + MAX_FRAMES + " frames", scanned);
  }

  private static NativeStack stopped(List<NativeFrame> frames, String reason, boolean scanned) {
    return new NativeStack(frames, false, reason, scanned);
  }

  private static String last(List<NativeFrame> frames) {
    NativeFrame frame = frames.get(frames.size() - 1);
    return frame.function() != null ? frame.function() : "0x" + Long.toHexString(frame.pc());
  }

  /**
   * The frame pointer of the function at link-time address {@code lookup}, whose stack pointer is
   * {@code sp}: {@code sp} plus the frame size its prologue sets up, when the prologue is a
   * recognised frame-pointer one and the slot above it holds a code address.
   */
  Long frameBaseFromPrologue(AddressSpace.Located at, long lookup, long sp)
      throws MemoryReadException {
    Optional<NativeModule.Symbolised> function = at.module().function(lookup);
    if (function.isEmpty()) {
      return null;
    }
    long linkStart = lookup - function.get().offset();
    long codeAddress = linkStart + at.module().bias(at.mapping().start(), at.mapping().offset());
    OptionalLong size = FramePrologue.frameSize(memory.read(codeAddress, 24));
    if (size.isEmpty()) {
      return null;
    }
    long base = sp + size.getAsLong();
    long returnAddress = memory.readLong(base + 8);
    return space.codeMapping(returnAddress).isPresent() ? base : null;
  }

  /**
   * The first address {@code A} above {@code sp} holding a saved frame pointer and a return
   * address: {@code [A+8]} is code covered by call-frame information or a symbol, and {@code [A]}
   * is 0 or a higher address on the same stack. {@code null} when none is found.
   */
  Long scanForFrameBase(long sp) throws MemoryReadException {
    byte[] words = null;
    for (int length = SCAN_BYTES; words == null && length >= 64; length /= 2) {
      try {
        words = memory.read(sp, length);
      } catch (MemoryReadException e) {
        // the stack may end sooner: try less
      }
    }
    if (words == null) {
      return null;
    }
    java.nio.ByteBuffer buffer =
        java.nio.ByteBuffer.wrap(words).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + 16 <= words.length; at += 8) {
      long address = sp + at;
      long saved = buffer.getLong(at);
      long returnAddress = buffer.getLong(at + 8);
      boolean chain = saved == 0 || (saved > address && saved - address < (1L << 20));
      if (!chain) {
        continue;
      }
      Optional<AddressSpace.Located> located = space.locate(returnAddress);
      if (located.isPresent()
          && located.get().module().ehFrame().rowAt(located.get().linkAddress() - 1).isPresent()
          && located.get().module().function(located.get().linkAddress() - 1).isPresent()) {
        return address;
      }
    }
    return null;
  }
}
