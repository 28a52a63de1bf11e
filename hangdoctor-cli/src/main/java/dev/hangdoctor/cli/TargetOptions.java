package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code PID} or {@code --port PORT}: how every verb that examines one process names it. */
public final class TargetOptions {
  static final String PID_LABEL = "PID";
  static final String PID = "The process (a thread id names its process).";
  static final String PORT_LABEL = "PORT";
  static final String PORT = "The process listening on this TCP port instead.";

  @Parameters(index = "0", arity = "0..1", paramLabel = PID_LABEL, description = PID)
  Integer pid;

  @Option(names = "--port", paramLabel = PORT_LABEL, description = PORT)
  Integer port;

  /** The pid of the live process meant, or the user's error. */
  int resolve(PrintWriter err) {
    return new TargetResolver(ProcFs.system(), err).resolve(pid, port);
  }
}
