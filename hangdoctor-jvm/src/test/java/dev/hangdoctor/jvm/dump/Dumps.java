package dev.hangdoctor.jvm.dump;

import dev.hangdoctor.evidence.JavaThread;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The thread dumps captured from the corpus programs on JDK 17 and 25, as test input. */
final class Dumps {
  static final List<Integer> VERSIONS = List.of(17, 25);

  private Dumps() {}

  static String text(int jdk, String name) {
    return resource("jdk" + jdk + "/" + name + ".txt");
  }

  static String json(String name) {
    return resource("jdk25/" + name + ".json");
  }

  static ThreadPrint print(int jdk, String name) {
    return ThreadPrintParser.parse(text(jdk, name));
  }

  static JavaThread thread(ThreadPrint dump, String name) {
    return dump.threads().stream()
        .filter(thread -> thread.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + name + " in the dump"));
  }

  private static String resource(String name) {
    try (InputStream in = Dumps.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("missing test dump " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
