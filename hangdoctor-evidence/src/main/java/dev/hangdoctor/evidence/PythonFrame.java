package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One Python frame as read from the interpreter's memory: the code object's function and qualified
 * names, its file, and the line being executed ({@code -1} when unknown). {@code owner} says
 * whether the frame belongs to a plain call or lives inside a generator or coroutine. {@code
 * endLine}, {@code column} and {@code endColumn} complete the source position of the instruction
 * being executed (0-based UTF-8 byte columns, end exclusive; {@code -1} when unknown, also in
 * evidence recorded before they existed): for a frame that is calling, the whole call expression.
 * {@code call} is the callee of that call as the code names it ({@code time.sleep}, {@code
 * self.session.get}, {@code self._lock.__enter__} for the entry of a {@code with} block), or {@code
 * null} when the frame is not calling or the bytecode does not tell. {@code locals} are the
 * addresses of the objects bound to the frame's local variables (arguments, locals, cells, in slot
 * order; 0 where unbound) at the moment it was read, so that reads of the same frame tell whether
 * its variables took new values; empty when not read.
 */
public record PythonFrame(
    String function,
    String qualifiedName,
    String file,
    int line,
    Owner owner,
    int endLine,
    int column,
    int endColumn,
    String call,
    boolean calledFromNative,
    List<Long> locals) {

  public PythonFrame {
    locals = locals == null ? List.of() : List.copyOf(locals);
  }

  /** A frame whose locals were not read. */
  public PythonFrame(
      String function,
      String qualifiedName,
      String file,
      int line,
      Owner owner,
      int endLine,
      int column,
      int endColumn,
      String call,
      boolean calledFromNative) {
    this(
        function,
        qualifiedName,
        file,
        line,
        owner,
        endLine,
        column,
        endColumn,
        call,
        calledFromNative,
        List.of());
  }

  /** A frame with a line and no column or call information. */
  public PythonFrame(String function, String qualifiedName, String file, int line, Owner owner) {
    this(function, qualifiedName, file, line, owner, -1, -1, -1, null, false);
  }

  /** A frame with its position and call, not known to be called from native code. */
  public PythonFrame(
      String function,
      String qualifiedName,
      String file,
      int line,
      Owner owner,
      int endLine,
      int column,
      int endColumn,
      String call) {
    this(function, qualifiedName, file, line, owner, endLine, column, endColumn, call, false);
  }

  /** Who owns the frame's memory in the interpreter. */
  public enum Owner {
    THREAD,
    GENERATOR,
    FRAME_OBJECT
  }

  /** True when the columns of the executing instruction are known. */
  public boolean hasColumns() {
    return line >= 0 && endLine >= line && column >= 0 && endColumn >= 0;
  }

  /** This frame with the source position and call of the instruction it executes. */
  public PythonFrame withCall(int newEndLine, int newColumn, int newEndColumn, String newCall) {
    return new PythonFrame(
        function,
        qualifiedName,
        file,
        line,
        owner,
        newEndLine,
        newColumn,
        newEndColumn,
        newCall,
        calledFromNative,
        locals);
  }

  /** This frame, marked as called from native code. */
  public PythonFrame asCalledFromNative() {
    return new PythonFrame(
        function, qualifiedName, file, line, owner, endLine, column, endColumn, call, true, locals);
  }

  /** This frame with the values of its local variables, as read with it. */
  public PythonFrame withLocals(List<Long> values) {
    return new PythonFrame(
        function,
        qualifiedName,
        file,
        line,
        owner,
        endLine,
        column,
        endColumn,
        call,
        calledFromNative,
        values);
  }
}
