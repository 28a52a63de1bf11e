package dev.hangdoctor.cpython.bytecode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What a frame is doing at its current instruction when that is a call or the entry of a {@code
 * with} block: the call's source position (the whole call expression) and the expression of the
 * callee as the code names it ({@code time.sleep}, {@code self.session.get}, {@code
 * urllib.request.urlopen}), rebuilt from the bytecode: the instructions that load the callee start
 * where the call expression starts and end before it, and their arguments name globals, locals and
 * attributes. Works without the source file; a renderer with the source can cut the exact text out
 * of the line with the position. Pure.
 */
public final class CallSites {
  private static final int MAX_CHAIN = 16;

  /** {@code LOAD_SPECIAL}'s argument for {@code __enter__} (3.14). */
  private static final int SPECIAL_ENTER = 0;

  private CallSites() {}

  /** Names the instructions refer to: {@code co_names} entries or local names, null if unread. */
  @FunctionalInterface
  public interface Names {
    String name(boolean local, int index);
  }

  /**
   * The call or {@code with} entry the instruction covering code unit {@code unit} performs; empty
   * for any other instruction.
   */
  public static Optional<CallSite> at(
      List<Instruction> instructions,
      Position[] positions,
      OpcodeTable table,
      Names names,
      int unit) {
    int i = BytecodeDecoder.indexAt(instructions, unit);
    if (i < 0) {
      return Optional.empty();
    }
    Instruction current = instructions.get(i);
    Position position = position(positions, current);
    if (current.op() == Op.BEFORE_WITH) {
      String manager = i > 0 ? chainEndingAt(instructions, positions, table, names, i - 1) : null;
      return Optional.of(
          new CallSite(CallSite.Kind.WITH_ENTER, position, manager, 0, current.op()));
    }
    if (!current.op().isCall()) {
      return Optional.empty();
    }
    if (current.op() == Op.CALL
        && i > 0
        && instructions.get(i - 1).op() == Op.LOAD_SPECIAL
        && instructions.get(i - 1).oparg() == SPECIAL_ENTER) {
      String manager = withManager314(instructions, positions, table, names, i - 1, position);
      return Optional.of(new CallSite(CallSite.Kind.WITH_ENTER, position, manager, 0, Op.CALL));
    }
    int argc = current.op() == Op.CALL_FUNCTION_EX ? -1 : current.oparg();
    String callee = calleeOf(instructions, positions, table, names, i, position);
    return Optional.of(new CallSite(CallSite.Kind.CALL, position, callee, argc, current.op()));
  }

  private static Position position(Position[] positions, Instruction instruction) {
    return instruction.index() < positions.length ? positions[instruction.index()] : Position.NONE;
  }

  /** The expression of the callee of the call at {@code i}, or null when it cannot be told. */
  private static String calleeOf(
      List<Instruction> instructions,
      Position[] positions,
      OpcodeTable table,
      Names names,
      int i,
      Position call) {
    if (!call.hasColumns()) {
      return null;
    }
    for (int j = i - 1; j >= 0 && i - j <= 4 * MAX_CHAIN; j--) {
      Instruction candidate = instructions.get(j);
      Position at = position(positions, candidate);
      if (!at.hasColumns()) {
        continue;
      }
      if (!at.startsAtOrAfter(call)) {
        return null;
      }
      if (at.startsWith(call) && at.endsBefore(call) && isChainPart(table, candidate)) {
        return chainEndingAt(instructions, positions, table, names, j);
      }
    }
    return null;
  }

  /**
   * 3.14's {@code with}: {@code <manager>; COPY 1; LOAD_SPECIAL __exit__; SWAP; SWAP; LOAD_SPECIAL
   * __enter__; CALL 0}, all at the manager expression's position: the last chain instruction before
   * the {@code LOAD_SPECIAL} whose position is the manager's.
   */
  private static String withManager314(
      List<Instruction> instructions,
      Position[] positions,
      OpcodeTable table,
      Names names,
      int loadSpecial,
      Position manager) {
    for (int j = loadSpecial - 1; j >= 0 && loadSpecial - j <= 8; j--) {
      Instruction candidate = instructions.get(j);
      if (isChainPart(table, candidate) && position(positions, candidate).equals(manager)) {
        return chainEndingAt(instructions, positions, table, names, j);
      }
    }
    return null;
  }

  private static boolean isChainPart(OpcodeTable table, Instruction instruction) {
    Op op = instruction.op();
    return isNameLoad(op) || op == Op.CALL || table.isSubscript(instruction);
  }

  private static boolean isNameLoad(Op op) {
    return op == Op.LOAD_GLOBAL
        || op == Op.LOAD_NAME
        || op == Op.LOAD_DEREF
        || OpcodeTable.readsLocalName(op)
        || OpcodeTable.loadsAttribute(op);
  }

  /**
   * The expression instruction {@code k} leaves on the stack, from the instructions before it that
   * start where it starts: {@code LOAD_GLOBAL time; LOAD_ATTR sleep} gives {@code time.sleep}.
   */
  static String chainEndingAt(
      List<Instruction> instructions, Position[] positions, OpcodeTable table, Names names, int k) {
    Position end = position(positions, instructions.get(k));
    if (!end.hasColumns() || !isChainPart(table, instructions.get(k))) {
      return null;
    }
    Deque<Instruction> parts = new ArrayDeque<>();
    for (int j = k; j >= 0 && parts.size() < MAX_CHAIN; j--) {
      Instruction candidate = instructions.get(j);
      Position at = position(positions, candidate);
      if (!at.hasColumns()) {
        continue;
      }
      if (!at.startsAtOrAfter(end)) {
        break;
      }
      if (at.startsWith(end) && !end.endsBefore(at) && isChainPart(table, candidate)) {
        parts.addFirst(candidate);
        boolean base = isNameLoad(candidate.op()) && !OpcodeTable.loadsAttribute(candidate.op());
        if (base || candidate.op() == Op.LOAD_SUPER_ATTR) {
          break;
        }
      }
    }
    StringBuilder text = new StringBuilder();
    for (Instruction part : parts) {
      Op op = part.op();
      if (op == Op.CALL) {
        text.append("()");
      } else if (table.isSubscript(part)) {
        text.append("[…]");
      } else {
        String name = names.name(OpcodeTable.readsLocalName(op), table.nameIndex(op, part.oparg()));
        if (name == null) {
          return null;
        }
        if (op == Op.LOAD_SUPER_ATTR) {
          text.setLength(0);
          text.append("super().");
        } else if (OpcodeTable.loadsAttribute(op)) {
          text.append('.');
        } else {
          text.setLength(0);
        }
        text.append(name);
      }
    }
    return text.length() == 0 || text.charAt(0) == '(' || text.charAt(0) == '['
        ? null
        : text.toString();
  }
}
