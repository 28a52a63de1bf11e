package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.bytecode.LocationTable;
import dev.hangdoctor.cpython.bytecode.Position;
import dev.hangdoctor.cpython.layout.ExecutionLayout;
import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows one thread's {@code _PyInterpreterFrame} chain from its top frame: skips shim frames,
 * clears 3.14's tag bits, reads each code object and turns the instruction pointer into a line. A
 * whole chain ends where C first called the eval loop (3.12+: a shim frame; 3.11: a frame marked
 * {@code is_entry}); one that ends anywhere else was read while it changed (a popped frame's slot
 * reused, a finished generator's frame) and is a problem to retry, never a short stack. So is one
 * whose outermost frame is a generator's or coroutine's: whatever resumed it (a Python frame, or C
 * called from one) sits below it, and a chain that stops there lost it (a generator that yielded
 * while it was read, 3.7% of one busy 3.11 worker's reads). Bounded to {@link #MAX_FRAMES} reported
 * frames; a loop in the chain is a problem, not a hang. With the version's {@link ExecutionLayout}
 * it also reads the first {@link #MAX_LOCALS} local variable slots of each frame (one read per
 * frame), so that later reads tell whether the frame's variables changed.
 */
final class FrameWalker {
  static final int MAX_FRAMES = 4096;
  private static final int MAX_LINKS = 2 * MAX_FRAMES + 2;
  private static final int CODE_UNIT = 2;

  /** The unit of a frame that has not executed its first instruction yet (3.11/3.12). */
  static final int FIRST_LINE = -2;

  /** Local variable slots read per frame: a loop's own variables come first in a function. */
  static final int MAX_LOCALS = 32;

  private final RemoteMemory memory;
  private final Layout.Frame layout;
  private final CodeReader codes;
  private final Optional<ExecutionLayout> exec;
  private final Map<Long, Integer> localCounts = new HashMap<>();

  FrameWalker(
      RemoteMemory memory, Layout.Frame layout, CodeReader codes, Optional<ExecutionLayout> exec) {
    this.memory = memory;
    this.layout = layout;
    this.codes = codes;
    this.exec = exec;
  }

  /**
   * @throws MemoryReadException only when access is denied or the target exited; an unmapped
   *     pointer ends the chain with a problem
   */
  FrameChain walk(long topFrame) throws MemoryReadException {
    List<PythonFrame> frames = new ArrayList<>();
    List<FrameRef> refs = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long frame = topFrame;
    boolean enteredFromC = false;
    try {
      while (frame != 0) {
        if (frames.size() >= MAX_FRAMES || seen.size() >= MAX_LINKS) {
          return new FrameChain(frames, refs, true, null);
        }
        if (!seen.add(frame)) {
          throw new WalkFault(String.format("frame chain loops back to 0x%x", frame));
        }
        Block block = Block.read(memory, frame, layout.span(), "frame");
        int owner = block.uint8(layout.owner());
        enteredFromC = layout.shimOwners().contains(owner);
        if (enteredFromC) {
          markCalledFromNative(frames);
        } else {
          long codeAddress = block.pointer(layout.code()) & layout.codeTagMask();
          CodeObject code = codes.read(codeAddress);
          int unit = unit(code, block.pointer(layout.instruction()));
          PythonFrame walked = pythonFrame(block, owner, code, unit);
          if (layout.isEntry() != Layout.ABSENT && block.uint8(layout.isEntry()) != 0) {
            walked = walked.asCalledFromNative();
            enteredFromC = true;
          }
          walked = walked.withLocals(locals(frame, codeAddress));
          frames.add(walked);
          refs.add(new FrameRef(frame, codeAddress, Math.max(-1, unit)));
        }
        frame = block.pointer(layout.previous());
      }
      if (!enteredFromC && !frames.isEmpty()) {
        throw new WalkFault(
            "frame chain ended at "
                + frames.get(frames.size() - 1).qualifiedName()
                + ", a frame C did not call: it changed under the reader");
      }
      if (!frames.isEmpty()
          && frames.get(frames.size() - 1).owner() == PythonFrame.Owner.GENERATOR) {
        throw new WalkFault(
            "frame chain ended at "
                + frames.get(frames.size() - 1).qualifiedName()
                + ", a generator's frame, below which its resumer must sit: it changed under the"
                + " reader");
      }
      return new FrameChain(frames, refs, false, null);
    } catch (WalkFault e) {
      return new FrameChain(frames, refs, true, e.getMessage());
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return new FrameChain(frames, refs, true, e.getMessage());
    }
  }

  private PythonFrame pythonFrame(Block block, int ownerByte, CodeObject code, int unit)
      throws WalkFault {
    PythonFrame.Owner owner = owner(ownerByte, block.address());
    if (unit == FIRST_LINE) {
      return new PythonFrame(
          code.name(), code.qualifiedName(), code.filename(), code.firstLine(), owner);
    }
    Position position =
        unit < 0
            ? Position.NONE
            : LocationTable.positionOf(code.lineTable(), code.firstLine(), unit);
    if (!position.hasColumns()) {
      return new PythonFrame(
          code.name(), code.qualifiedName(), code.filename(), position.line(), owner);
    }
    return new PythonFrame(
        code.name(),
        code.qualifiedName(),
        code.filename(),
        position.line(),
        owner,
        position.endLine(),
        position.column(),
        position.endColumn(),
        null);
  }

  /**
   * The values of the frame's first local variable slots, tag bits cleared (0 where unbound); empty
   * when the version's execution layout is unknown or the slots cannot be read.
   */
  private List<Long> locals(long frame, long codeAddress) throws MemoryReadException {
    if (exec.isEmpty()) {
      return List.of();
    }
    ExecutionLayout table = exec.get();
    Integer count = localCounts.get(codeAddress);
    if (count == null) {
      count = memory.readInt(codeAddress + table.codeNLocalsPlus());
      localCounts.put(codeAddress, count);
    }
    if (count <= 0 || count > 1 << 16) {
      return List.of();
    }
    int slots = Math.min(count, MAX_LOCALS);
    try {
      ByteBuffer bytes =
          ByteBuffer.wrap(memory.read(frame + table.frameLocalsPlus(), 8 * slots))
              .order(ByteOrder.LITTLE_ENDIAN);
      List<Long> values = new ArrayList<>(slots);
      for (int i = 0; i < slots; i++) {
        values.add(bytes.getLong() & table.stackRefTagMask());
      }
      return values;
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return List.of();
    }
  }

  /** The frame just walked (above a shim frame) was called from C. */
  private static void markCalledFromNative(List<PythonFrame> frames) {
    if (!frames.isEmpty()) {
      int last = frames.size() - 1;
      frames.set(last, frames.get(last).asCalledFromNative());
    }
  }

  private static PythonFrame.Owner owner(int value, long frame) throws WalkFault {
    return switch (value) {
      case 0 -> PythonFrame.Owner.THREAD;
      case 1 -> PythonFrame.Owner.GENERATOR;
      case 2 -> PythonFrame.Owner.FRAME_OBJECT;
      default -> throw new WalkFault(String.format("frame 0x%x: owner %d", frame, value));
    };
  }

  /**
   * The code unit of the instruction the frame executes; {@link #FIRST_LINE} for a 3.11/3.12 frame
   * that has not started (its line is the first line), -1 when the pointer lies outside the code.
   */
  private int unit(CodeObject code, long instruction) {
    long delta = instruction - code.bytecode();
    long index = Math.floorDiv(delta, CODE_UNIT);
    if (layout.instructionPointer() == Layout.InstructionPointer.PREVIOUS && index == -1) {
      return FIRST_LINE;
    }
    if (index < 0 || index > Integer.MAX_VALUE) {
      return -1;
    }
    return (int) index;
  }
}
