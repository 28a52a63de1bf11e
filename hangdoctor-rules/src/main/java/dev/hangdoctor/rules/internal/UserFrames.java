package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.PythonFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the user's own code in a Python stack (frames innermost first): the innermost frame whose
 * file is neither in the standard library ({@code …/lib/python3.X/…}, frozen modules) nor an
 * installed package ({@code site-packages}, {@code dist-packages}).
 */
public final class UserFrames {
  private static final Pattern STDLIB = Pattern.compile(".*/lib(64)?/python\\d+(\\.\\d+)?t?/.*");

  private UserFrames() {}

  /** True for frames of the standard library and installed packages. */
  public static boolean isLibrary(String file) {
    if (file == null || file.startsWith("<")) {
      return true;
    }
    return file.contains("/site-packages/")
        || file.contains("/dist-packages/")
        || STDLIB.matcher(file).matches();
  }

  /** The innermost frame of the user's own code, if the stack has one. */
  public static Optional<PythonFrame> innermostUserFrame(List<PythonFrame> frames) {
    return frames.stream().filter(frame -> !isLibrary(frame.file())).findFirst();
  }

  /**
   * The frames a finding should name: the user's innermost frame first, then the innermost frame
   * when that is library code (where the call actually blocks or spins); just the innermost frame
   * when no frame is the user's.
   */
  public static List<PythonFrame> keyFrames(List<PythonFrame> frames) {
    List<PythonFrame> key = new ArrayList<>();
    if (frames.isEmpty()) {
      return key;
    }
    innermostUserFrame(frames).ifPresent(key::add);
    PythonFrame innermost = frames.get(0);
    if (!key.contains(innermost)) {
      key.add(innermost);
    }
    return key;
  }

  /** {@code file:line} of a frame. */
  public static String location(PythonFrame frame) {
    return frame.file() + ":" + frame.line();
  }
}
