package dev.hangdoctor.cli;

import dev.hangdoctor.linux.fs.ProcFs;
import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code PID} or {@code --port PORT}: how every verb that examines one process names it. */
public final class TargetOptions {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PID",
      description = "The process (a thread id names its process).")
  Integer pid;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The process listening on this TCP port instead.")
  Integer port;

  /** The pid of the live process meant, or the user's error. */
  int resolve(PrintWriter err) {
    return new TargetResolver(ProcFs.system(), err).resolve(pid, port);
  }
}
