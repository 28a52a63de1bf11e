package dev.hangdoctor.evidence;

/**
 * One Python frame as read from the interpreter's memory: the code object's function and qualified
 * names, its file, and the line being executed ({@code -1} when unknown). {@code owner} says
 * whether the frame belongs to a plain call or lives inside a generator or coroutine.
 */
public record PythonFrame(
    String function, String qualifiedName, String file, int line, Owner owner) {

  /** Who owns the frame's memory in the interpreter. */
  public enum Owner {
    THREAD,
    GENERATOR,
    FRAME_OBJECT
  }
}
