package dev.hangdoctor.jvm.dump;

import dev.hangdoctor.evidence.JavaFrame;
import dev.hangdoctor.evidence.JavaLockEvent;
import java.util.List;
import java.util.Optional;

/**
 * One stack element as both dump formats print it: {@code
 * pkg.Cls.method(java.base@17.0.15/File.java:12)} in {@code Thread.print}, {@code
 * java.base/pkg.Cls.method(File.java:12)} in the JSON dump; also {@code (Native Method)}, {@code
 * (Unknown Source)} and hidden lambda classes with a {@code /} in their name. A pure function.
 */
final class FrameParser {
  private FrameParser() {}

  /** The frame of {@code text} (without the leading {@code at }), or empty when it is not one. */
  static Optional<JavaFrame> parse(String text, List<JavaLockEvent> locks) {
    String element = text.strip();
    int open = element.indexOf('(');
    if (open <= 0 || !element.endsWith(")")) {
      return Optional.empty();
    }
    String qualified = element.substring(0, open);
    String location = element.substring(open + 1, element.length() - 1);
    String module = null;
    int slash = qualified.indexOf('/');
    // "java.base/java.lang.Thread.run" (JSON) has a module before its slash; in
    // "com.acme.Foo$$Lambda/0x00007f….run" the slash belongs to a hidden class's name.
    if (slash > 0 && !qualified.startsWith("0x", slash + 1)) {
      module = qualified.substring(0, slash);
      qualified = qualified.substring(slash + 1);
    }
    int dot = qualified.lastIndexOf('.');
    if (dot <= 0 || dot == qualified.length() - 1) {
      return Optional.empty();
    }
    String className = qualified.substring(0, dot);
    String method = qualified.substring(dot + 1);
    int locationSlash = location.lastIndexOf('/');
    if (locationSlash >= 0) {
      String owner = location.substring(0, locationSlash);
      location = location.substring(locationSlash + 1);
      if (module == null && !owner.isEmpty() && !owner.startsWith("app")) {
        int at = owner.indexOf('@');
        module = at < 0 ? owner : owner.substring(0, at);
      }
    }
    if (location.equals("Native Method")) {
      return Optional.of(new JavaFrame(className, method, module, null, -1, true, locks));
    }
    if (location.equals("Unknown Source") || location.isEmpty()) {
      return Optional.of(new JavaFrame(className, method, module, null, -1, false, locks));
    }
    int colon = location.lastIndexOf(':');
    if (colon > 0) {
      try {
        int line = Integer.parseInt(location.substring(colon + 1));
        return Optional.of(
            new JavaFrame(
                className, method, module, location.substring(0, colon), line, false, locks));
      } catch (NumberFormatException e) {
        // a file name with a colon and no line
      }
    }
    return Optional.of(new JavaFrame(className, method, module, location, -1, false, locks));
  }
}
