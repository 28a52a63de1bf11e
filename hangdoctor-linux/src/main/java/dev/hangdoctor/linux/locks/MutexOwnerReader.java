package dev.hangdoctor.linux.locks;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import dev.hangdoctor.linux.proc.GapCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adds to each thread blocked acquiring a pthread mutex the thread that holds it, read from the
 * process's memory. The memory is opened only when some thread waits for a mutex; a refusal becomes
 * a gap and the waits stay without an owner.
 */
public final class MutexOwnerReader {
  static final String OWNERS = "mutex owners (/proc/PID/mem)";

  private final ProcFs procFs;

  public MutexOwnerReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** {@code threads} with the owner of each awaited mutex filled in where it could be read. */
  public List<ThreadSnapshot> withOwners(int pid, List<ThreadSnapshot> threads, GapCollector gaps) {
    if (threads.stream().noneMatch(t -> GlibcMutex.isMutexWait(t.kernelWait().syscall()))) {
      return threads;
    }
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      return withOwners(memory, threads);
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.TARGET_EXITED) {
        gaps.add(new EvidenceGap(OWNERS, gapReason(e), e.getMessage()));
      }
      return threads;
    }
  }

  /** The same over any memory (recorded bytes in tests). */
  static List<ThreadSnapshot> withOwners(RemoteMemory memory, List<ThreadSnapshot> threads) {
    Set<Integer> tids = threads.stream().map(ThreadSnapshot::tid).collect(Collectors.toSet());
    List<ThreadSnapshot> result = new ArrayList<>(threads.size());
    for (ThreadSnapshot thread : threads) {
      OptionalInt owner = OptionalInt.empty();
      if (GlibcMutex.isMutexWait(thread.kernelWait().syscall())) {
        try {
          owner = GlibcMutex.owner(memory, thread.kernelWait().syscall(), tids);
        } catch (MemoryReadException e) {
          // not a readable mutex after all (or freed meanwhile): no owner to report
        }
      }
      result.add(owner.isPresent() ? withOwner(thread, owner.getAsInt()) : thread);
    }
    return result;
  }

  private static ThreadSnapshot withOwner(ThreadSnapshot thread, int owner) {
    return thread.withKernelWait(thread.kernelWait().withLockOwner(owner));
  }

  private static EvidenceGap.Reason gapReason(MemoryReadException e) {
    return e.reason() == MemoryReadException.Reason.PERMISSION_DENIED
        ? EvidenceGap.Reason.PERMISSION_DENIED
        : EvidenceGap.Reason.UNREADABLE;
  }
}
