package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JVM whose Java threads were not read: attach refused or disabled, the JVM not answering, or a
 * window that did not ask ({@link JvmSource#NONE}); then only the kernel's view of its threads is
 * evidence. Recognised by the reader's own status, else by its launcher ({@code java}) or by the
 * threads every HotSpot JVM runs. Nothing when the Java threads were read.
 */
public final class JvmStacksUnread {
  /** {@link BlindSpot#what()} of the Java stacks not read. */
  public static final String WHAT = "Java stacks";

  /** Kernel names (15 characters at most) of threads only a HotSpot JVM runs. */
  private static final Set<String> JVM_THREADS =
      Set.of("VM Thread", "VM Periodic Tas", "Reference Handl", "Signal Dispatch");

  private JvmStacksUnread() {}

  public static Optional<BlindSpot> of(Inspection inspection) {
    JvmStacks jvm = inspection.latest().jvm();
    if (jvm != null && jvm.read()) {
      return Optional.empty();
    }
    int pid = inspection.pid();
    if (jvm != null && jvm.status() != JvmStacks.Status.NOT_JVM) {
      return Optional.of(
          new BlindSpot(
              jvm.status() == JvmStacks.Status.PERMISSION_DENIED
                  ? BlindSpot.Kind.REFUSED
                  : BlindSpot.Kind.UNREADABLE,
              WHAT,
              "the JVM's Java threads were not read: "
                  + (jvm.detail() == null ? jvm.status().name() : jvm.detail()),
              advice(jvm.status(), pid)));
    }
    if (!isJvm(inspection)) {
      return Optional.empty();
    }
    return Optional.of(
        new BlindSpot(
            BlindSpot.Kind.NOT_READ_YET,
            WHAT,
            "the JVM's Java frames, monitors and locks were not asked for, only the kernel's view"
                + " of its threads was read",
            "jcmd " + pid + " Thread.print (or jstack " + pid + ") shows them"));
  }

  /** What shows the Java threads when hangdoctor could not read them, by why it could not. */
  private static String advice(JvmStacks.Status status, int pid) {
    switch (status) {
      case ATTACH_DISABLED:
        return "kill -3 " + pid + " prints them on the JVM's own stdout (attach is disabled)";
      case SIGNALS_REDUCED:
        return "no tool can ask a JVM started with -Xrs; restart it without -Xrs";
      case PERMISSION_DENIED:
        return "run hangdoctor as the JVM's user or as root";
      default:
        return "jcmd " + pid + " Thread.print (or jstack " + pid + ") shows them, if it answers";
    }
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
