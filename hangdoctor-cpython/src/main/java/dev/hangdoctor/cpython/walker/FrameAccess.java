package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.bytecode.LocationTable;
import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Frame-level reads for readers outside the walker (the asyncio task graph): the thread states with
 * the addresses of their frames, a frame's code and line, and a frame's local variables by name.
 * Works on any {@code _PyInterpreterFrame}, including the ones embedded in suspended coroutines.
 * Unreadable frames come back empty, never as an exception, except when access is denied or the
 * target exited.
 */
public final class FrameAccess {
  private static final int MAX_LOCALS = 1 << 12;

  /** One thread state and its frames, innermost first, each with its address. */
  public record ThreadFrames(
      long threadState, long threadId, int nativeThreadId, List<AddressedFrame> frames) {
    public ThreadFrames {
      frames = List.copyOf(frames);
    }
  }

  /** A decoded frame and where it lives. */
  public record AddressedFrame(long address, PythonFrame frame) {}

  private final RemoteMemory memory;
  private final Layout layout;
  private final Types types;
  private final StringReader strings;
  private final CodeReader codes;
  private final ThreadLister lister;
  private final int localsPlus;
  private final Map<Long, List<String>> localNames = new HashMap<>();

  public FrameAccess(RemoteMemory memory, Layout layout, RuntimeLocation location) {
    this.memory = memory;
    this.layout = layout;
    this.types = new Types(memory, layout.objects(), location.symbols());
    this.strings = new StringReader(memory, layout.objects(), types);
    this.codes = new CodeReader(memory, layout, types, strings, new CodeCache());
    this.lister = new ThreadLister(memory, layout, location.runtimeAddress());
    this.localsPlus = layout.minor() >= 14 ? 80 : 72;
  }

  /** The layout the frames are read with. */
  public Layout layout() {
    return layout;
  }

  /** Offset of {@code localsplus} (the locals, then the value stack) in a frame. */
  public int localsPlusOffset() {
    return localsPlus;
  }

  /** The main interpreter's {@code PyInterpreterState}, or 0 when the listing failed. */
  public long mainInterpreter() throws MemoryReadException {
    return lister.list().mainInterpreter();
  }

  /** Every thread state of every interpreter with its frames. */
  public List<ThreadFrames> threads() throws MemoryReadException {
    ThreadListing listing = lister.list();
    List<ThreadFrames> threads = new ArrayList<>();
    for (ThreadEntry entry : listing.threads()) {
      threads.add(
          new ThreadFrames(
              entry.address(), entry.threadId(), entry.nativeThreadId(), frames(entry.topFrame())));
    }
    return threads;
  }

  private List<AddressedFrame> frames(long top) throws MemoryReadException {
    List<AddressedFrame> frames = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long frame = top;
    try {
      while (frame != 0 && seen.add(frame) && seen.size() <= FrameWalker.MAX_FRAMES) {
        Block block = Block.read(memory, frame, layout.frame().span(), "frame");
        int owner = block.uint8(layout.frame().owner());
        if (!layout.frame().shimOwners().contains(owner)) {
          decode(frame)
              .ifPresent(decoded -> frames.add(new AddressedFrame(block.address(), decoded)));
        }
        frame = block.pointer(layout.frame().previous());
      }
    } catch (WalkFault e) {
      // the chain ends where it stops making sense; the frames read so far stand
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
    }
    return frames;
  }

  /** The code, names and line of the frame at {@code frame}. */
  public Optional<PythonFrame> decode(long frame) throws MemoryReadException {
    try {
      Block block = Block.read(memory, frame, layout.frame().span(), "frame");
      long code = block.pointer(layout.frame().code()) & layout.frame().codeTagMask();
      CodeObject object = codes.read(code);
      int line = line(object, block.pointer(layout.frame().instruction()));
      int owner = block.uint8(layout.frame().owner());
      PythonFrame.Owner kind =
          owner == 1
              ? PythonFrame.Owner.GENERATOR
              : owner == 2 ? PythonFrame.Owner.FRAME_OBJECT : PythonFrame.Owner.THREAD;
      return Optional.of(
          new PythonFrame(object.name(), object.qualifiedName(), object.filename(), line, kind));
    } catch (WalkFault e) {
      return Optional.empty();
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /**
   * Where the frame at {@code frame} is, for readers that look at its value stack: its code object
   * and the code unit it executes, as the stack walk reports them; empty when unreadable.
   */
  public Optional<FrameRef> ref(long frame) throws MemoryReadException {
    try {
      Block block = Block.read(memory, frame, layout.frame().span(), "frame");
      long code = block.pointer(layout.frame().code()) & layout.frame().codeTagMask();
      CodeObject object = codes.read(code);
      long index =
          Math.floorDiv(block.pointer(layout.frame().instruction()) - object.bytecode(), 2);
      return index < 0 || index > Integer.MAX_VALUE
          ? Optional.empty()
          : Optional.of(new FrameRef(frame, code, (int) index));
    } catch (WalkFault e) {
      return Optional.empty();
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return Optional.empty();
    }
  }

  /** The address of the code unit the frame's instruction field points at, or 0. */
  public long instruction(long frame) throws MemoryReadException {
    try {
      return Block.read(memory, frame, layout.frame().span(), "frame")
          .pointer(layout.frame().instruction());
    } catch (WalkFault e) {
      return 0;
    }
  }

  /**
   * The object bound to the local (or argument, or cell) {@code name} of the frame at {@code
   * frame}, with cells dereferenced; 0 when unbound or unreadable.
   */
  public long local(long frame, String name) throws MemoryReadException {
    try {
      Block block = Block.read(memory, frame, layout.frame().span(), "frame");
      long code = block.pointer(layout.frame().code()) & layout.frame().codeTagMask();
      int index = names(code).indexOf(name);
      if (index < 0) {
        return 0;
      }
      long value = memory.readLong(frame + localsPlus + 8L * index) & ~7L;
      if (!Pointers.plausible(value)) {
        return 0;
      }
      long type = memory.readLong(value + layout.objects().obType());
      if (typeNamed(type, "cell")) {
        return memory.readLong(value + 16);
      }
      return value;
    } catch (WalkFault e) {
      return 0;
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return 0;
    }
  }

  /** The names of the frame's locals, arguments and cells, in slot order (empty if unreadable). */
  public List<String> localNames(long frame) throws MemoryReadException {
    try {
      Block block = Block.read(memory, frame, layout.frame().span(), "frame");
      return names(block.pointer(layout.frame().code()) & layout.frame().codeTagMask());
    } catch (WalkFault e) {
      return List.of();
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return List.of();
    }
  }

  private boolean typeNamed(long type, String name) throws MemoryReadException {
    if (!Pointers.plausible(type)) {
      return false;
    }
    long chars = memory.readLong(type + layout.objects().typeName());
    byte[] expected = (name + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return chars > 0 && java.util.Arrays.equals(memory.read(chars, expected.length), expected);
  }

  private List<String> names(long code) throws MemoryReadException, WalkFault {
    List<String> cached = localNames.get(code);
    if (cached != null) {
      return cached;
    }
    codes.read(code);
    long tuple = memory.readLong(code + layout.code().localsPlusNames());
    types.require(tuple, Types.Kind.TUPLE, "co_localsplusnames");
    long count = memory.readLong(tuple + layout.objects().tupleSize());
    if (count < 0 || count > MAX_LOCALS) {
      throw new WalkFault("co_localsplusnames: size " + count);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(
          strings.read(
              memory.readLong(tuple + layout.objects().tupleItems() + 8L * i), "local name"));
    }
    localNames.put(code, List.copyOf(names));
    return names;
  }

  private int line(CodeObject code, long instruction) {
    long index = Math.floorDiv(instruction - code.bytecode(), 2);
    if (layout.frame().instructionPointer() == Layout.InstructionPointer.PREVIOUS && index == -1) {
      return code.firstLine();
    }
    if (index < 0 || index > Integer.MAX_VALUE) {
      return LocationTable.UNKNOWN;
    }
    return LocationTable.lineOf(code.lineTable(), code.firstLine(), (int) index);
  }
}
