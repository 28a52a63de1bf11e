package dev.hangdoctor.cpython.fake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offsets of /work/shared/facts/cpython-internals.md (sections 3 and 4), transcribed
 * independently of the production tables so that images built from them check those tables. A
 * mutable copy per image lets a test move a field.
 */
public final class CPythonFacts {
  public static final int ABSENT = -1;

  private final int minor;
  private final Map<String, Integer> offsets;

  private CPythonFacts(int minor, Map<String, Integer> offsets) {
    this.minor = minor;
    this.offsets = offsets;
  }

  public static CPythonFacts of(int minor) {
    Map<String, Integer> m = new HashMap<>();
    int v = minor - 11;
    put(m, "runtime.interpreters_head", v, 40, 40, 632, 808);
    put(m, "runtime.tstate_current", v, 576, ABSENT, ABSENT, ABSENT);
    put(m, "runtime.size", v, 1024, 1024, 1024, 1024);
    put(m, "interp.next", v, 0, 0, 7264, 7272);
    put(m, "interp.threads_head", v, 16, 72, 7344, 7344);
    put(m, "interp.ceval_gil", v, ABSENT, 384, 16, 16);
    put(m, "interp._gil", v, ABSENT, 1040, 7752, 7784);
    put(m, "interp.size", v, 2048, 2048, 8192, 8192);
    put(m, "gil.last_holder", v, 8, 8, 8, 8);
    put(m, "gil.locked", v, 16, 16, 16, 16);
    put(m, "ts.next", v, 8, 8, 8, 8);
    put(m, "ts.status", v, ABSENT, 24, 32, 32);
    put(m, "ts.holds_gil", v, ABSENT, ABSENT, ABSENT, 36);
    put(m, "ts.state", v, ABSENT, ABSENT, 40, 44);
    put(m, "ts.cframe", v, 56, 56, ABSENT, ABSENT);
    put(m, "ts.current_frame", v, ABSENT, ABSENT, 72, 72);
    put(m, "ts.thread_id", v, 152, 136, 152, 152);
    put(m, "ts.native_thread_id", v, 160, 144, 160, 160);
    put(m, "ts.size", v, 360, 288, 312, 832);
    put(m, "cframe.current_frame", v, 8, 0, ABSENT, ABSENT);
    put(m, "frame.code", v, 32, 0, 0, 0);
    put(m, "frame.previous", v, 48, 8, 8, 8);
    put(m, "frame.instr", v, 56, 56, 56, 56);
    put(m, "frame.owner", v, 69, 70, 70, 74);
    put(m, "frame.size", v, 80, 80, 80, 88);
    put(m, "code.firstlineno", v, 72, 68, 68, 68);
    put(m, "code.localsplusnames", v, 96, 96, 96, 96);
    put(m, "code.filename", v, 112, 112, 112, 112);
    put(m, "code.name", v, 120, 120, 120, 120);
    put(m, "code.qualname", v, 128, 128, 128, 128);
    put(m, "code.linetable", v, 136, 136, 136, 136);
    put(m, "code.adaptive", v, 184, 192, 200, 208);
    put(m, "str.ascii_data", v, 48, 40, 40, 40);
    put(m, "str.compact_data", v, 72, 56, 56, 56);
    put(m, "str.legacy_data", v, 72, 56, 56, 56);
    put(m, "tuple.items", v, 24, 24, 24, 32);
    m.put("ob_type", 8);
    m.put("type.tp_name", 24);
    m.put("str.length", 16);
    m.put("str.state", 32);
    m.put("bytes.size", 16);
    m.put("bytes.data", 32);
    m.put("tuple.size", 16);
    return new CPythonFacts(minor, m);
  }

  private static void put(Map<String, Integer> m, String key, int version, int... values) {
    if (version >= 0 && version < values.length) {
      m.put(key, values[version]);
    }
  }

  public int minor() {
    return minor;
  }

  public int get(String key) {
    Integer value = offsets.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no fact " + key + " for 3." + minor);
    }
    return value;
  }

  public boolean has(String key) {
    return offsets.containsKey(key) && offsets.get(key) != ABSENT;
  }

  /** Moves a field (the debug-offsets block, when written, follows). */
  public CPythonFacts with(String key, int value) {
    offsets.put(key, value);
    return this;
  }

  /**
   * The {@code _Py_DebugOffsets} rows of facts section 4: position, then either a key of these
   * facts or the literal value the live interpreter held.
   */
  public List<Object[]> debugOffsetsRows() {
    return minor == 13 ? DebugOffsetsRows.PY313 : DebugOffsetsRows.PY314;
  }
}
