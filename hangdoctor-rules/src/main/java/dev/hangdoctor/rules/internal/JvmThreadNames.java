package dev.hangdoctor.rules.internal;

import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import java.util.List;

/**
 * HotSpot's own threads as the kernel names them (the Java name cut to 15 characters), for the
 * evidence of a JVM whose Java threads could not be read.
 */
public final class JvmThreadNames {
  private static final List<String> VM_THREAD_PREFIXES =
      List.of(
          "VM Thread",
          "VM Periodic Tas",
          "GC Thread#",
          "G1 ",
          "ZGC",
          "ZDirector",
          "ZStat",
          "Shenandoah",
          "C1 CompilerThre",
          "C2 CompilerThre",
          "Signal Dispatch",
          "Service Thread",
          "Monitor Deflati",
          "Reference Handl",
          "Finalizer",
          "Sweeper thread",
          "Notification Th",
          "Common-Cleaner",
          "Attach Listener",
          "JFR ");

  private static final List<String> GC_PREFIXES =
      List.of("GC Thread#", "G1 ", "ZGC", "ZDirector", "Shenandoah");

  private JvmThreadNames() {}

  /** True for a kernel thread name of one of HotSpot's own threads. */
  public static boolean isVmThread(String comm) {
    return comm != null && VM_THREAD_PREFIXES.stream().anyMatch(comm::startsWith);
  }

  /** True for a kernel thread name of a garbage-collector thread. */
  public static boolean isGcThread(String comm) {
    return comm != null && GC_PREFIXES.stream().anyMatch(comm::startsWith);
  }

  /** True when the inspected process is a JVM (whether or not its threads could be read). */
  public static boolean isJvm(Inspection inspection) {
    ProcessSnapshot latest = inspection.latest();
    return latest.jvm() != null && latest.jvm().isJvm();
  }
}
