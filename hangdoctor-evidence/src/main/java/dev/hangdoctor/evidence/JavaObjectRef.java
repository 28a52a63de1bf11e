package dev.hangdoctor.evidence;

/**
 * An object named in a thread dump: its identity as the dump prints it ({@code 0x000000069ec1f258}
 * in {@code Thread.print}, {@code java.lang.Object@3d95f037} in the JSON dump; {@code null} when
 * the dump had no reference) and its class ({@code
 * java.util.concurrent.locks.ReentrantLock$NonfairSync}, or {@code java.lang.Class for
 * com.acme.Config} for a class's monitor). The two dump formats name the same object differently,
 * so identities are compared within one dump only.
 */
public record JavaObjectRef(String id, String className) {

  /** {@code <0x…> (a java.lang.Object)}. */
  public String describe() {
    return (id == null ? "" : "<" + id + "> ") + "(a " + className + ")";
  }
}
