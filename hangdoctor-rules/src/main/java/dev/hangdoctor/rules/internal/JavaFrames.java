package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.PythonFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The application's own code in a Java stack (frames innermost first) and the frames a finding
 * names. A frame is the JDK's when it comes from a named module ({@code java.base@17…}) or a JDK
 * package; a hidden lambda class has no source and is nobody's. Key frames are reported in the
 * evidence's frame record (function: the method; qualified name: class and method; file: the source
 * file), so Java and Python findings read the same.
 */
public final class JavaFrames {
  /** How many of the application's frames, innermost first, a finding names. */
  static final int APPLICATION_FRAMES = 3;

  private static final List<String> JDK_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private JavaFrames() {}

  /** True for a frame of the JDK itself. */
  public static boolean isJdk(JavaFrame frame) {
    if (frame.module() != null) {
      return true;
    }
    for (String prefix : JDK_PACKAGES) {
      if (frame.className().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** True for a frame of the application: not the JDK's, and with a source (not a lambda stub). */
  public static boolean isApplication(JavaFrame frame) {
    return !isJdk(frame) && frame.file() != null;
  }

  /** The index of the innermost application frame, or -1. */
  public static int innermostApplication(List<JavaFrame> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (isApplication(frames.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The innermost application frame. */
  public static Optional<JavaFrame> innermostApplicationFrame(List<JavaFrame> frames) {
    int index = innermostApplication(frames);
    return index < 0 ? Optional.empty() : Optional.of(frames.get(index));
  }

  /**
   * The JDK call the application made: the frame right above its innermost frame ({@code
   * FutureTask.get}, {@code HttpURLConnection.getInputStream}), or empty when the innermost frame
   * is the application's (a {@code synchronized} block, a static initializer).
   */
  public static Optional<JavaFrame> call(List<JavaFrame> frames) {
    int index = innermostApplication(frames);
    if (index <= 0) {
      return Optional.empty();
    }
    // Skip lambda stubs and reflection between the application and the JDK call.
    for (int i = index - 1; i >= 0; i--) {
      if (frames.get(i).file() != null || frames.get(i).nativeMethod()) {
        return Optional.of(frames.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * The frames a finding names, as evidence frame records: the application's innermost frames (up
   * to three: where it waits, and the callers to change), then the JDK call it made. Only JDK
   * frames (the innermost) when the stack has no application frame.
   */
  public static List<PythonFrame> keyFrames(List<JavaFrame> frames) {
    List<PythonFrame> key = new ArrayList<>();
    int index = innermostApplication(frames);
    if (index < 0) {
      frames.stream().limit(2).map(JavaFrames::record).forEach(key::add);
      return key;
    }
    int taken = 0;
    for (int i = index; i < frames.size() && taken < APPLICATION_FRAMES; i++) {
      if (isApplication(frames.get(i))) {
        key.add(record(frames.get(i)));
        taken++;
      }
    }
    call(frames).map(JavaFrames::record).ifPresent(key::add);
    return key;
  }

  /** A Java frame as the evidence's frame record. */
  public static PythonFrame record(JavaFrame frame) {
    return new PythonFrame(
        frame.method(),
        frame.qualifiedMethod(),
        frame.file() == null ? frame.simpleClassName() : frame.file(),
        frame.line(),
        PythonFrame.Owner.THREAD);
  }

  /** {@code Ledger.transfer(Ledger.java:23)}: class without package, for prose. */
  public static String shortly(JavaFrame frame) {
    String where =
        frame.nativeMethod()
            ? "Native Method"
            : frame.file() == null
                ? "Unknown Source"
                : frame.file() + (frame.line() >= 0 ? ":" + frame.line() : "");
    return frame.simpleClassName() + "." + frame.method() + "(" + where + ")";
  }

  /** True when {@code frames} contain {@code className.method}. */
  public static boolean contains(List<JavaFrame> frames, String className, String method) {
    return frames.stream()
        .anyMatch(f -> f.className().equals(className) && f.method().equals(method));
  }

  /** True when {@code frames} contain a frame of {@code className}. */
  public static boolean containsClass(List<JavaFrame> frames, String className) {
    return frames.stream().anyMatch(f -> f.className().equals(className));
  }

  /** The same code path: class, method and line at every depth. */
  public static boolean sameStack(List<JavaFrame> a, List<JavaFrame> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      JavaFrame x = a.get(i);
      JavaFrame y = b.get(i);
      if (!x.className().equals(y.className())
          || !x.method().equals(y.method())
          || x.line() != y.line()) {
        return false;
      }
    }
    return true;
  }
}
