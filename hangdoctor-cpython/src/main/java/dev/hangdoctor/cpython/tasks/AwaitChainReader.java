package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.objects.ObjectReader;
import dev.hangdoctor.cpython.walker.FrameAccess;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a suspended coroutine down its {@code await} chain, the way CPython's {@code _PyGen_yf}
 * does: a coroutine suspended inside {@code await} keeps the awaited object on top of its frame's
 * value stack. Stops at a {@code FutureIter} (whose future is the leaf), at any other awaitable, at
 * a plain {@code yield}, or at a coroutine that is executing (its frames are on a thread's stack).
 * Each step re-reads the coroutine's state after reading the stack, so a coroutine that resumed
 * meanwhile ends the chain rather than yielding garbage.
 */
final class AwaitChainReader {
  static final int MAX_DEPTH = 64;

  private final RemoteMemory memory;
  private final ObjectReader objects;
  private final FrameAccess frames;
  private final AsyncioLayout layout;

  AwaitChainReader(
      RemoteMemory memory, ObjectReader objects, FrameAccess frames, AsyncioLayout layout) {
    this.memory = memory;
    this.objects = objects;
    this.frames = frames;
    this.layout = layout;
  }

  AwaitChain read(long coroutine) throws MemoryReadException {
    List<AwaitChain.ChainFrame> chain = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long object = coroutine;
    boolean executing = false;
    for (int depth = 0; depth < MAX_DEPTH && seen.add(object); depth++) {
      String type = objects.typeName(object);
      if (type.equals("_asyncio.FutureIter")) {
        long future = objects.word(object + AsyncioLayout.FUTURE_ITER_FUTURE).orElse(0L);
        return new AwaitChain(chain, object, future, executing);
      }
      if (!isGeneratorLike(type)) {
        return new AwaitChain(chain, object, 0, executing);
      }
      int state = state(object);
      long frame = object + layout.genFrame();
      if (state == AsyncioLayout.EXECUTING && depth == 0) {
        executing = true;
      }
      if (state < AsyncioLayout.SUSPENDED - 2 || state > AsyncioLayout.EXECUTING) {
        return new AwaitChain(chain, 0, 0, executing);
      }
      Optional<PythonFrame> decoded = frames.decode(frame);
      if (decoded.isEmpty()) {
        return new AwaitChain(chain, 0, 0, executing);
      }
      chain.add(new AwaitChain.ChainFrame(frame, object, decoded.get()));
      if (state != AsyncioLayout.SUSPENDED || !insideAwait(frame)) {
        return new AwaitChain(chain, 0, 0, executing);
      }
      long awaited = stackTop(frame);
      if (state(object) != state || !ObjectReader.isPointer(awaited)) {
        return new AwaitChain(chain, 0, 0, executing);
      }
      object = awaited;
    }
    return new AwaitChain(chain, 0, 0, executing);
  }

  private static boolean isGeneratorLike(String type) {
    return type.equals("coroutine") || type.equals("generator");
  }

  private int state(long generator) throws MemoryReadException {
    return memory.read(generator + layout.genFrameState(), 1)[0];
  }

  /**
   * 3.11/3.12: the code unit after {@code prev_instr} must be {@code RESUME} (or 3.11's quickened
   * {@code RESUME_QUICK}) with oparg >= 2.
   */
  private boolean insideAwait(long frame) throws MemoryReadException {
    if (!layout.checkResume()) {
      return true;
    }
    long previous = frames.instruction(frame);
    if (previous == 0) {
      return false;
    }
    byte[] unit = memory.read(previous + 2, 2);
    int opcode = unit[0] & 0xff;
    boolean resume = opcode == layout.resumeOpcode() || opcode == layout.resumeQuickOpcode();
    return resume && (unit[1] & 0xff) >= 2;
  }

  private long stackTop(long frame) throws MemoryReadException {
    if (layout.stackTopIsPointer()) {
      long pointer = memory.readLong(frame + layout.frameStackTop());
      if (!ObjectReader.isPointer(pointer) || pointer <= frame) {
        return 0;
      }
      return memory.readLong(pointer - 8) & ~3L;
    }
    int top = memory.readInt(frame + layout.frameStackTop());
    if (top <= 0 || top > 1 << 16) {
      return 0;
    }
    return memory.readLong(frame + frames.localsPlusOffset() + 8L * (top - 1));
  }
}
