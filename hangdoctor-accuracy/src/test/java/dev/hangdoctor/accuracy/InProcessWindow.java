package dev.hangdoctor.accuracy;

import dev.hangdoctor.accuracy.launch.WindowTaker;
import dev.hangdoctor.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * A window taken in this JVM by the command line itself, {@code Main.run("diagnose", PID,
 * "--json")}: the code path of {@code hangdoctor diagnose} with its default window, without a JVM's
 * start-up per window. The corpus test uses it to stay within CI's time; bench/accuracy starts a
 * fresh process for every window, as a user would.
 */
final class InProcessWindow implements WindowTaker {
  @Override
  public Result take(long pid, Path dir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new String[] {"diagnose", Long.toString(pid), "--json"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Result.of(exit, out.toString(), err.toString());
  }

  @Override
  public String describe() {
    return "this build, each window in process (hangdoctor-cli Main.run diagnose PID --json)";
  }
}
