package dev.hangdoctor.diagnosis.render;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import java.util.Locale;

/**
 * The report of {@code hangdoctor dump}: which process and interpreter or JVM, then every Python or
 * Java thread's stack with its kernel state and wait. Only for a process whose stacks were read.
 */
public final class DumpTextRenderer {
  /** Frames per thread; a dump shows whole stacks unless they are absurdly deep. */
  private static final int MAX_FRAMES = 200;

  private final OutputStyle style;

  /** Command lines whole, as in a pipe. */
  public DumpTextRenderer() {
    this(OutputStyle.PLAIN);
  }

  public DumpTextRenderer(OutputStyle style) {
    this.style = style;
  }

  public String render(Inspection inspection) {
    ProcessSnapshot latest = inspection.latest();
    JvmStacks jvm = latest.jvm();
    if (jvm != null && jvm.read()) {
      return String.format(
              Locale.ROOT,
              "Process %d: %s%n",
              latest.process().pid(),
              Formats.fit(latest.process().commandLine(), 160))
          + JavaStacksRenderer.jvmLine(jvm)
          + "\n"
          + new JavaStacksRenderer(MAX_FRAMES).threads(latest);
    }
    PythonStacks stacks = latest.python();
    if (stacks == null || stacks.status() != PythonStacks.Status.READ) {
      throw new IllegalArgumentException("no Python or Java stacks were read in this inspection");
    }
    ProcessInfo process = latest.process();
    StringBuilder out = new StringBuilder();
    String head = String.format(Locale.ROOT, "Process %d: ", process.pid());
    out.append(head).append(style.fit(process.commandLine(), head.length(), 30)).append('\n');
    out.append(PythonStacksRenderer.interpreterLine(stacks)).append('\n');
    out.append(new PythonStacksRenderer(MAX_FRAMES).threads(latest));
    return out.toString();
  }
}
