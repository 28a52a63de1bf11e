package dev.hangdoctor.jvm.attach;

import dev.hangdoctor.jvm.attach.AttachException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Sends SIGQUIT to a process, the signal that makes a JVM look for its attach trigger file. Java 17
 * offers no way to send it ({@code ProcessHandle} sends only TERM and KILL), so this runs {@code
 * kill -QUIT PID}, bounded in time.
 */
@FunctionalInterface
public interface QuitSignal {
  /** Sends SIGQUIT to {@code pid} (a pid of hangdoctor's own PID namespace). */
  void send(int pid) throws AttachException;

  /** The real one: {@code kill -QUIT PID}. */
  QuitSignal KILL_COMMAND =
      pid -> {
        Process kill;
        try {
          kill =
              new ProcessBuilder("kill", "-QUIT", Integer.toString(pid))
                  .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
        } catch (IOException e) {
          throw new AttachException(
              Reason.IO, "cannot send SIGQUIT: 'kill' could not be run: " + e.getMessage(), e);
        }
        try {
          if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new AttachException(Reason.IO, "cannot send SIGQUIT: 'kill' did not finish");
          }
          String error = new String(kill.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
          if (kill.exitValue() != 0) {
            if (error.contains("ermitted")) {
              throw new AttachException(
                  Reason.PERMISSION_DENIED,
                  "not allowed to signal PID " + pid + " (another user's process)");
            }
            if (error.contains("No such process")) {
              throw new AttachException(Reason.TARGET_EXITED, "PID " + pid + " exited");
            }
            throw new AttachException(
                Reason.IO, "cannot send SIGQUIT to PID " + pid + ": " + error.strip());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          kill.destroyForcibly();
          throw new AttachException(Reason.IO, "interrupted while sending SIGQUIT");
        } catch (IOException e) {
          throw new AttachException(Reason.IO, "cannot send SIGQUIT: " + e.getMessage(), e);
        }
      };
}
