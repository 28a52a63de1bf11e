package dev.hangdoctor.evidence;

import java.util.List;

/**
 * One Java frame of a thread dump: class, method, the module it came from ({@code java.base}, or
 * {@code null} for the application's classes), source file and line ({@code null} and {@code -1}
 * when the dump shows {@code Native Method} or {@code Unknown Source}), and the monitor and lock
 * events the dump printed below it ({@code - locked <…>}, {@code - waiting to lock <…>}, …).
 */
public record JavaFrame(
    String className,
    String method,
    String module,
    String file,
    int line,
    boolean nativeMethod,
    List<JavaLockEvent> locks) {

  public JavaFrame {
    locks = List.copyOf(locks);
  }

  /** {@code com.acme.Orders.place} */
  public String qualifiedMethod() {
    return className + "." + method;
  }

  /** The class name without its package: {@code Orders$Worker}. */
  public String simpleClassName() {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  /** {@code com.acme.Orders.place(Orders.java:42)}, as Java prints a stack trace element. */
  public String describe() {
    String where;
    if (nativeMethod) {
      where = "Native Method";
    } else if (file == null) {
      where = "Unknown Source";
    } else {
      where = line >= 0 ? file + ":" + line : file;
    }
    return qualifiedMethod() + "(" + where + ")";
  }
}
