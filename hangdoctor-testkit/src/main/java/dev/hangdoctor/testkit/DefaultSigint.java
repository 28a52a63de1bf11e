package dev.hangdoctor.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a command with SIGINT at its default action, as a terminal would. A build started in the
 * background by a non-interactive shell ({@code ./mvnw verify &}, {@code nohup}) hands its children
 * SIGINT ignored, and a process that starts with SIGINT ignored keeps it so: a JVM then installs no
 * SIGINT handler at all, and a test that sends {@code kill -INT} waits for an answer that never
 * comes. Uses coreutils' {@code env --default-signal} (8.31 and later), which resets the
 * disposition and then executes the command in its own process, so the pid stays the command's.
 */
public final class DefaultSigint {
  private DefaultSigint() {}

  /** {@code command}, run with SIGINT at its default action. */
  public static List<String> command(List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("env", "--default-signal=INT"));
    wrapped.addAll(command);
    return wrapped;
  }
}
