package dev.hangdoctor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Exercises the usual paths (inspect as text and JSON, ps, help) on this very process so that the
 * launcher can record them in a class-data-sharing archive. Prints nothing.
 */
public final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) {
    String self = Long.toString(ProcessHandle.current().pid());
    PrintWriter sink = new PrintWriter(new StringWriter());
    Main.run(new String[] {"inspect", self, "--samples", "2", "--interval", "1ms"}, sink, sink);
    Main.run(new String[] {"inspect", self, "--samples", "1", "--json"}, sink, sink);
    Main.run(new String[] {"ps", self}, sink, sink);
    Main.run(new String[] {"--help"}, sink, sink);
    Main.run(new String[] {"inspect", "--port", "1"}, sink, sink);
  }
}
