package dev.hangdoctor.cpython.walker;

import dev.hangdoctor.cpython.layout.Layout;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells whether a type object is one of the few built-in types the walk reads: by its exported
 * symbol's address when the locator found it, else by the type's own {@code tp_name}, learnt once
 * per type address.
 */
final class Types {

  /** The built-in types the walk reads, with their {@code tp_name} and exported symbol. */
  enum Kind {
    CODE("code", "PyCode_Type"),
    STR("str", "PyUnicode_Type"),
    BYTES("bytes", "PyBytes_Type"),
    TUPLE("tuple", "PyTuple_Type");

    private final byte[] cName;
    private final String symbol;

    Kind(String tpName, String symbol) {
      this.cName = (tpName + "\0").getBytes(StandardCharsets.US_ASCII);
      this.symbol = symbol;
    }
  }

  private record Learnt(long type, Kind kind) {
    // equals and hashCode written out: a record's own are made on first use by the ObjectMethods
    // bootstrap, which spins some 17 method-handle classes that no start-up cache keeps (about
    // 25 ms of a one-shot dump on JDK 25 with its AOT cache).
    @Override
    public boolean equals(Object other) {
      return other instanceof Learnt that && type == that.type && kind == that.kind;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(type) * 31 + kind.hashCode();
    }
  }

  private final RemoteMemory memory;
  private final Layout.ObjectLayout objects;
  private final Map<Kind, Long> exported = new EnumMap<>(Kind.class);
  private final Map<Learnt, Boolean> learnt = new HashMap<>();

  Types(RemoteMemory memory, Layout.ObjectLayout objects, Map<String, Long> symbols) {
    this.memory = memory;
    this.objects = objects;
    for (Kind kind : Kind.values()) {
      Long address = symbols.get(kind.symbol);
      if (address != null && address != 0) {
        exported.put(kind, address);
      }
    }
  }

  /** True when the walk can compare with the exported type object rather than its name. */
  boolean exported(Kind kind) {
    return exported.containsKey(kind);
  }

  /** Fails unless the object at {@code object} has type {@code kind}. */
  void require(long object, Kind kind, String what) throws MemoryReadException, WalkFault {
    Pointers.require(object, what);
    requireType(object, memory.readLong(object + objects.obType()), kind, what);
  }

  /** Fails unless {@code type}, read from the object at {@code object}, is {@code kind}. */
  void requireType(long object, long type, Kind kind, String what)
      throws MemoryReadException, WalkFault {
    if (!is(type, kind)) {
      throw new WalkFault(
          String.format("%s at 0x%x has type 0x%x, not %s", what, object, type, kind.symbol));
    }
  }

  boolean is(long type, Kind kind) throws MemoryReadException {
    Long known = exported.get(kind);
    if (known != null) {
      return type == known;
    }
    if (!Pointers.plausible(type)) {
      return false;
    }
    Learnt key = new Learnt(type, kind);
    Boolean cached = learnt.get(key);
    if (cached == null) {
      cached = hasName(type, kind);
      learnt.put(key, cached);
    }
    return cached;
  }

  private boolean hasName(long type, Kind kind) throws MemoryReadException {
    try {
      long name = memory.readLong(type + objects.typeName());
      return name > 0 && Arrays.equals(memory.read(name, kind.cName.length), kind.cName);
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      return false;
    }
  }
}
