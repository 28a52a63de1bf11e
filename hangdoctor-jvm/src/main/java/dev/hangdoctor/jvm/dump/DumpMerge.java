package dev.hangdoctor.jvm.dump;

import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.jvm.dump.JsonThreadDumpParser.JsonThread;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the two dumps of one moment: platform threads (with their Linux thread ids, lock addresses
 * and ownable synchronizers) come from {@code Thread.print}; virtual threads from the JSON dump,
 * which alone lists those not mounted and alone names them. A virtual thread mounted on a carrier
 * keeps {@code Thread.print}'s frames (they show class-initialisation waits) with the JSON's name
 * and state, and runs on its carrier's Linux thread. A pure function.
 */
public final class DumpMerge {
  private DumpMerge() {}

  public static List<JavaThread> merge(List<JavaThread> printed, List<JsonThread> json) {
    Map<Long, JavaThread> printedById = new HashMap<>();
    Map<Long, Integer> nidById = new HashMap<>();
    for (JavaThread thread : printed) {
      if (thread.javaId() != JavaThread.NO_ID) {
        printedById.put(thread.javaId(), thread);
        if (!thread.virtual()) {
          nidById.put(thread.javaId(), thread.nativeThreadId());
        }
      }
    }
    Map<Long, JsonThread> virtualById = new HashMap<>();
    for (JsonThread entry : json) {
      if (entry.thread().virtual()) {
        virtualById.put(entry.thread().javaId(), entry);
      }
    }
    List<JavaThread> merged = new ArrayList<>();
    for (JavaThread thread : printed) {
      JsonThread named = thread.virtual() ? virtualById.remove(thread.javaId()) : null;
      merged.add(named == null ? thread : renamed(thread, named.thread()));
    }
    for (JsonThread entry : json) {
      if (virtualById.containsKey(entry.thread().javaId())) {
        int carrierNid = nidById.getOrDefault(entry.carrierId(), JavaThread.NOT_MOUNTED);
        merged.add(onCarrier(entry.thread(), carrierNid));
      }
    }
    return merged;
  }

  private static JavaThread renamed(JavaThread printed, JavaThread json) {
    return new JavaThread(
        json.name(),
        printed.javaId(),
        printed.nativeThreadId(),
        true,
        false,
        json.state() != null ? json.state() : printed.state(),
        printed.stateDetail(),
        true,
        JavaThread.NO_ID,
        printed.frames().isEmpty() ? json.frames() : printed.frames(),
        printed.ownedSynchronizers(),
        printed.waitingFor() != null ? printed.waitingFor() : json.waitingFor(),
        printed.cpuMillis(),
        printed.allocatedBytes());
  }

  private static JavaThread onCarrier(JavaThread thread, int carrierNid) {
    return new JavaThread(
        thread.name(),
        thread.javaId(),
        carrierNid,
        true,
        false,
        thread.state(),
        thread.stateDetail(),
        true,
        JavaThread.NO_ID,
        thread.frames(),
        thread.ownedSynchronizers(),
        thread.waitingFor(),
        thread.cpuMillis(),
        thread.allocatedBytes());
  }
}
