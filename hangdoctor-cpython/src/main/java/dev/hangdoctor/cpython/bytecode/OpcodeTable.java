package dev.hangdoctor.cpython.bytecode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The opcode numbers of one CPython minor version: for each of the 256 values the base instruction
 * it executes as (specialized and instrumented forms map to their base) and how many inline cache
 * units follow it. One table per minor, generated from the interpreter's own {@code opcode} module
 * by {@code hangdoctor-cpython/tools/opcode_table.py} (resources {@code opcodes-3.X.tsv}); the
 * 3.11-3.13 tables agree with each build's {@code _PyOpcode_Deopt} and {@code _PyOpcode_Caches}.
 * Chosen in one place, {@link #forMinor(int)}.
 */
public final class OpcodeTable {
  private static final Map<Integer, OpcodeTable> TABLES = new HashMap<>();

  private final int minor;
  private final Op[] base = new Op[256];
  private final String[] names = new String[256];
  private final int[] caches = new int[256];

  private OpcodeTable(int minor, String text) {
    this.minor = minor;
    Arrays.fill(base, Op.UNKNOWN);
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      int number = Integer.parseInt(fields[0]);
      names[number] = fields[1];
      base[number] = fields[2].equals("-") ? Op.UNKNOWN : op(fields[2]);
      caches[number] = Integer.parseInt(fields[3]);
    }
  }

  private static Op op(String name) {
    try {
      return Op.valueOf(name);
    } catch (IllegalArgumentException e) {
      return Op.OTHER;
    }
  }

  /** The table of CPython 3.{@code minor}, if it is one hangdoctor knows (3.11 to 3.14). */
  public static synchronized Optional<OpcodeTable> forMinor(int minor) {
    if (minor < 11 || minor > 14) {
      return Optional.empty();
    }
    return Optional.of(TABLES.computeIfAbsent(minor, OpcodeTable::load));
  }

  private static OpcodeTable load(int minor) {
    String resource = "opcodes-3." + minor + ".tsv";
    try (InputStream in = OpcodeTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new OpcodeTable(minor, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int minor() {
    return minor;
  }

  /** The base instruction opcode byte {@code opcode} executes as. */
  public Op base(int opcode) {
    return base[opcode & 0xff];
  }

  /** The interpreter's name of {@code opcode}, or null for a number not in use. */
  public String name(int opcode) {
    return names[opcode & 0xff];
  }

  /** The inline cache units that follow an instruction with opcode byte {@code opcode}. */
  public int caches(int opcode) {
    return caches[opcode & 0xff];
  }

  /**
   * The index a name-loading instruction's argument selects: into {@code co_names} for globals,
   * names and attributes, into {@code co_localsplusnames} for fast locals and cells ({@link
   * #readsLocalName(Op)}). For the paired loads of 3.13+ it is the second (topmost) name. -1 for
   * other instructions.
   */
  public int nameIndex(Op op, int oparg) {
    return switch (op) {
      case LOAD_GLOBAL -> oparg >> 1;
      case LOAD_ATTR -> minor >= 12 ? oparg >> 1 : oparg;
      case LOAD_SUPER_ATTR -> oparg >> 2;
      case LOAD_METHOD,
          LOAD_NAME,
          LOAD_FAST,
          LOAD_FAST_CHECK,
          LOAD_FAST_AND_CLEAR,
          LOAD_FAST_BORROW,
          LOAD_DEREF ->
          oparg;
      case LOAD_FAST_LOAD_FAST, LOAD_FAST_BORROW_LOAD_FAST_BORROW -> oparg & 15;
      default -> -1;
    };
  }

  /**
   * True when {@code op} names a local or cell ({@code co_localsplusnames}), not {@code co_names}.
   */
  public static boolean readsLocalName(Op op) {
    return switch (op) {
      case LOAD_FAST,
          LOAD_FAST_CHECK,
          LOAD_FAST_AND_CLEAR,
          LOAD_FAST_LOAD_FAST,
          LOAD_FAST_BORROW,
          LOAD_FAST_BORROW_LOAD_FAST_BORROW,
          LOAD_DEREF ->
          true;
      default -> false;
    };
  }

  /** True when {@code op} loads an attribute of the object below it. */
  public static boolean loadsAttribute(Op op) {
    return op == Op.LOAD_ATTR || op == Op.LOAD_METHOD || op == Op.LOAD_SUPER_ATTR;
  }

  /**
   * True for a subscript ({@code x[i]}): {@code BINARY_SUBSCR} up to 3.13, {@code BINARY_OP} with
   * {@code NB_SUBSCR} (26) from 3.14.
   */
  public boolean isSubscript(Instruction instruction) {
    return instruction.op() == Op.BINARY_SUBSCR
        || (minor >= 14 && instruction.op() == Op.BINARY_OP && instruction.oparg() == NB_SUBSCR);
  }

  private static final int NB_SUBSCR = 26;
}
