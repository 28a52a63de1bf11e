package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JVM is one hangdoctor cannot look inside yet: its Java threads' frames, monitors and locks are
 * not read (issue 14 adds them), so only the kernel's view of its threads is evidence. Recognised
 * by its launcher ({@code java}) or by the threads every HotSpot JVM runs. When {@code
 * hangdoctor-jvm} reads Java stacks, this check is to return nothing for an inspection that holds
 * them (or be removed from {@link BlindSpots}).
 */
public final class JvmStacksNotReadYet {
  /** {@link BlindSpot#what()} of the Java stacks not read. */
  public static final String WHAT = "Java stacks";

  /** Kernel names (15 characters at most) of threads only a HotSpot JVM runs. */
  private static final Set<String> JVM_THREADS =
      Set.of("VM Thread", "VM Periodic Tas", "Reference Handl", "Signal Dispatch");

  private JvmStacksNotReadYet() {}

  public static Optional<BlindSpot> of(Inspection inspection) {
    if (!isJvm(inspection)) {
      return Optional.empty();
    }
    int pid = inspection.pid();
    return Optional.of(
        new BlindSpot(
            BlindSpot.Kind.NOT_READ_YET,
            WHAT,
            "hangdoctor cannot look inside a JVM yet: its Java frames, monitors and locks are"
                + " not read, only the kernel's view of its threads",
            "jcmd " + pid + " Thread.print (or jstack " + pid + ") shows them"));
  }

  static boolean isJvm(Inspection inspection) {
    ProcessInfo process = inspection.latest().process();
    if (isJava(process.exe())
        || (!process.cmdline().isEmpty() && isJava(process.cmdline().get(0)))) {
      return true;
    }
    List<ThreadSnapshot> threads = inspection.latest().threads();
    return threads.stream().anyMatch(thread -> JVM_THREADS.contains(thread.name()));
  }

  private static boolean isJava(String program) {
    return program != null && program.substring(program.lastIndexOf('/') + 1).equals("java");
  }
}
