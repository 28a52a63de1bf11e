package dev.hangdoctor.cpython.fake;

import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.linux.memory.RecordedMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the memory image of a CPython 3.11-3.14 process from {@link CPythonFacts}: a {@code
 * _PyRuntime} (with its {@code _Py_DebugOffsets} block on 3.13+), interpreters, thread states,
 * frames, code objects, strings and type objects, in one heap region. Anything outside the runtime
 * and heap regions is unmapped.
 */
public final class FakeCPython {
  public static final long RUNTIME = 0x5000_0000L;
  public static final long HEAP = 0x7f00_0000_0000L;
  private static final int HEAP_SIZE = 4 << 20;

  private final CPythonFacts facts;
  private final int versionHex;
  private final ByteBuffer runtime;
  private final ByteBuffer heap = ByteBuffer.allocate(HEAP_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private final List<Long> interpreters = new ArrayList<>();
  private int top = 16;
  private boolean corruptCookie;
  private boolean freeThreaded;
  private long debugVersion;

  public final long codeType;
  public final long strType;
  public final long bytesType;
  public final long tupleType;

  private FakeCPython(CPythonFacts facts, int versionHex) {
    this.facts = facts;
    this.versionHex = versionHex;
    this.debugVersion = Integer.toUnsignedLong(versionHex);
    this.runtime = ByteBuffer.allocate(facts.get("runtime.size")).order(ByteOrder.LITTLE_ENDIAN);
    codeType = type("code");
    strType = type("str");
    bytesType = type("bytes");
    tupleType = type("tuple");
  }

  /** CPython 3.{@code minor}.5 final, with one (main) interpreter. */
  public static FakeCPython of(int minor) {
    return of(CPythonFacts.of(minor));
  }

  public static FakeCPython of(CPythonFacts facts) {
    FakeCPython fake = new FakeCPython(facts, 0x03000000 | facts.minor() << 16 | 0x05F0);
    fake.interpreter();
    return fake;
  }

  public CPythonFacts facts() {
    return facts;
  }

  public int versionHex() {
    return versionHex;
  }

  /** The main interpreter (the first one created, last in the list). */
  public long mainInterpreter() {
    return interpreters.get(0);
  }

  /** Adds an interpreter at the head of the list, with its own GIL on 3.12+. */
  public long interpreter() {
    long interp = alloc(facts.get("interp.size"));
    long head = interpreters.isEmpty() ? 0 : interpreters.get(interpreters.size() - 1);
    putLong(interp + facts.get("interp.next"), head);
    if (facts.has("interp.ceval_gil")) {
      putLong(interp + facts.get("interp.ceval_gil"), interp + facts.get("interp._gil"));
      putInt(interp + facts.get("interp._gil") + facts.get("gil.locked"), 0);
    }
    interpreters.add(interp);
    return interp;
  }

  public long str(String s) {
    int max = s.codePoints().max().orElse(0);
    int kind = max < 0x80 ? 1 : max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
    boolean ascii = max < 0x80;
    int header = ascii ? facts.get("str.ascii_data") : facts.get("str.compact_data");
    int[] cps = s.codePoints().toArray();
    long address = alloc(header + (cps.length + 1) * kind);
    strHeader(address, cps.length, kind, true, ascii);
    putChars(address + header, cps, kind);
    return address;
  }

  /** A non-compact string whose characters live in a separate buffer. */
  public long legacyStr(String s) {
    int[] cps = s.codePoints().toArray();
    int max = s.codePoints().max().orElse(0);
    int kind = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4;
    long address = alloc(facts.get("str.legacy_data") + 8);
    long data = alloc((cps.length + 1) * kind);
    strHeader(address, cps.length, kind, false, max < 0x80);
    putLong(address + facts.get("str.legacy_data"), data);
    putChars(data, cps, kind);
    return address;
  }

  private void strHeader(long address, int length, int kind, boolean compact, boolean ascii) {
    putLong(address + facts.get("ob_type"), strType);
    putLong(address + facts.get("str.length"), length);
    int state = (kind << 2) | (compact ? 0x20 : 0) | (ascii ? 0x40 : 0) | 0x80;
    putInt(address + facts.get("str.state"), state);
  }

  private void putChars(long address, int[] cps, int kind) {
    for (int i = 0; i < cps.length; i++) {
      long at = address + (long) i * kind;
      switch (kind) {
        case 1 -> heap.put(index(at), (byte) cps[i]);
        case 2 -> heap.putShort(index(at), (short) cps[i]);
        default -> heap.putInt(index(at), cps[i]);
      }
    }
  }

  public long bytes(byte[] value) {
    long address = alloc(facts.get("bytes.data") + value.length + 1);
    putLong(address + facts.get("ob_type"), bytesType);
    putLong(address + facts.get("bytes.size"), value.length);
    heap.put(index(address + facts.get("bytes.data")), value);
    return address;
  }

  public long tuple(long... items) {
    long address = alloc(facts.get("tuple.items") + 8 * items.length);
    putLong(address + facts.get("ob_type"), tupleType);
    putLong(address + facts.get("tuple.size"), items.length);
    for (int i = 0; i < items.length; i++) {
      putLong(address + facts.get("tuple.items") + 8L * i, items[i]);
    }
    return address;
  }

  /** A code object with one local name ("self") and room for 256 code units. */
  public long code(String name, String qualname, String file, int firstLine, byte[] lineTable) {
    long address = alloc(facts.get("code.adaptive") + 2 * 256);
    putLong(address + facts.get("ob_type"), codeType);
    putLong(address + facts.get("code.filename"), str(file));
    putLong(address + facts.get("code.name"), str(name));
    putLong(address + facts.get("code.qualname"), str(qualname));
    putLong(address + facts.get("code.linetable"), bytes(lineTable));
    putInt(address + facts.get("code.firstlineno"), firstLine);
    putLong(address + facts.get("code.localsplusnames"), tuple(str("self")));
    return address;
  }

  /** Where the code object's first code unit is. */
  public long bytecode(long code) {
    return code + facts.get("code.adaptive");
  }

  /**
   * A frame running {@code code} at code unit {@code unit} (for 3.11/3.12 the last executed unit,
   * for 3.13+ the current one), on top of {@code previous}.
   */
  public long frame(long code, int unit, int owner, long previous) {
    long frame = alloc(facts.get("frame.size"));
    long reference = facts.minor() >= 14 ? code | 1 : code;
    putLong(frame + facts.get("frame.code"), reference);
    putLong(frame + facts.get("frame.previous"), previous);
    putLong(frame + facts.get("frame.instr"), bytecode(code) + 2L * unit);
    heap.put(index(frame + facts.get("frame.owner")), (byte) owner);
    return frame;
  }

  /** A shim (entry) frame with the given owner value and no code object. */
  public long shim(int owner, long previous) {
    long frame = alloc(facts.get("frame.size"));
    putLong(frame + facts.get("frame.code"), 0x1234_5670L);
    putLong(frame + facts.get("frame.previous"), previous);
    heap.put(index(frame + facts.get("frame.owner")), (byte) owner);
    return frame;
  }

  /** Adds a thread state at the head of {@code interp}'s list; returns its address. */
  public long thread(long interp, long threadId, int nativeThreadId, long topFrame) {
    long tstate = alloc(facts.get("ts.size"));
    long head = getLong(interp + facts.get("interp.threads_head"));
    putLong(tstate + facts.get("ts.next"), head);
    putLong(interp + facts.get("interp.threads_head"), tstate);
    putLong(tstate + facts.get("ts.thread_id"), threadId);
    putLong(tstate + facts.get("ts.native_thread_id"), nativeThreadId);
    if (facts.has("ts.cframe")) {
      long cframe = alloc(24);
      putLong(tstate + facts.get("ts.cframe"), cframe);
      putLong(cframe + facts.get("cframe.current_frame"), topFrame);
    } else {
      putLong(tstate + facts.get("ts.current_frame"), topFrame);
    }
    if (facts.has("ts.status")) {
      putInt(tstate + facts.get("ts.status"), 0xb);
    }
    return tstate;
  }

  public long thread(long threadId, int nativeThreadId, long topFrame) {
    return thread(mainInterpreter(), threadId, nativeThreadId, topFrame);
  }

  /** Makes {@code tstate} the GIL holder the way 3.{@code minor} records it, flags included. */
  public void holdGil(long interp, long tstate) {
    if (facts.has("runtime.tstate_current")) {
      runtime.putLong(facts.get("runtime.tstate_current"), tstate);
      return;
    }
    long gil = interp + facts.get("interp._gil");
    putLong(gil + facts.get("gil.last_holder"), tstate);
    putInt(gil + facts.get("gil.locked"), 1);
    setGilFlag(tstate, true);
  }

  /** Sets only the thread's own "I hold the GIL" flags. */
  public void setGilFlag(long tstate, boolean holds) {
    switch (facts.minor()) {
      case 12 -> putInt(tstate + facts.get("ts.status"), holds ? 0x1b : 0xb);
      case 13 -> {
        putInt(tstate + facts.get("ts.status"), holds ? 0x3b : 0xb);
        putInt(tstate + facts.get("ts.state"), holds ? 1 : 0);
      }
      case 14 -> {
        putInt(tstate + facts.get("ts.holds_gil"), holds ? 1 : 0);
        putInt(tstate + facts.get("ts.state"), holds ? 1 : 0);
      }
      default -> {}
    }
  }

  /** Releases the GIL of {@code interp} but leaves {@code last_holder} set, as CPython does. */
  public void releaseGil(long interp, long lastHolder) {
    long gil = interp + facts.get("interp._gil");
    putLong(gil + facts.get("gil.last_holder"), lastHolder);
    putInt(gil + facts.get("gil.locked"), 0);
    setGilFlag(lastHolder, false);
  }

  public FakeCPython corruptCookie() {
    corruptCookie = true;
    return this;
  }

  public FakeCPython freeThreaded() {
    freeThreaded = true;
    return this;
  }

  public FakeCPython debugOffsetsVersion(long version) {
    debugVersion = version;
    return this;
  }

  public void putLong(long address, long value) {
    heap.putLong(index(address), value);
  }

  public void putInt(long address, int value) {
    heap.putInt(index(address), value);
  }

  public void putByte(long address, int value) {
    heap.put(index(address), (byte) value);
  }

  public long getLong(long address) {
    return heap.getLong(index(address));
  }

  /** Fresh bytes: {@code length} bytes filled with a repeating garbage pattern. */
  public long garbage(int length) {
    long address = alloc(length);
    for (int i = 0; i < length; i++) {
      heap.put(index(address + i), (byte) (0x5a ^ i * 31));
    }
    return address;
  }

  public RecordedMemory memory() {
    long head = interpreters.get(interpreters.size() - 1);
    runtime.putLong(facts.get("runtime.interpreters_head"), head);
    if (facts.minor() >= 13) {
      writeDebugOffsets();
    }
    return new RecordedMemory().with(RUNTIME, runtime.array()).with(HEAP, heap.array());
  }

  private void writeDebugOffsets() {
    runtime.put(0, (corruptCookie ? "xdebugpz" : "xdebugpy").getBytes(StandardCharsets.US_ASCII));
    runtime.putLong(8, debugVersion);
    runtime.putLong(16, freeThreaded ? 1 : 0);
    for (Object[] row : facts.debugOffsetsRows()) {
      int position = (Integer) row[0];
      runtime.putLong(position, value(row[1]));
    }
  }

  private long value(Object keyOrValue) {
    if (keyOrValue instanceof Long literal) {
      return literal;
    }
    String key = (String) keyOrValue;
    if (key.startsWith("interp._gil+")) {
      return facts.get("interp._gil") + facts.get("gil." + key.substring("interp._gil+".length()));
    }
    return facts.get(key);
  }

  /** The location the locator would report, with or without the exported type symbols. */
  public RuntimeLocation location(boolean withSymbols) {
    Map<String, Long> symbols =
        withSymbols
            ? Map.of(
                "PyCode_Type", codeType,
                "PyUnicode_Type", strType,
                "PyBytes_Type", bytesType,
                "PyTuple_Type", tupleType)
            : Map.of();
    return new RuntimeLocation(
        RUNTIME, versionHex, "/usr/bin/python3." + facts.minor(), false, 0, symbols);
  }

  private long type(String name) {
    long type = alloc(416);
    long cName = alloc(name.length() + 1);
    heap.put(index(cName), name.getBytes(StandardCharsets.US_ASCII));
    putLong(type + facts.get("type.tp_name"), cName);
    return type;
  }

  private long alloc(int size) {
    long address = HEAP + top;
    top += (size + 15) & ~15;
    if (top > HEAP_SIZE) {
      throw new IllegalStateException("fake heap full");
    }
    return address;
  }

  private int index(long address) {
    return Math.toIntExact(address - HEAP);
  }
}
