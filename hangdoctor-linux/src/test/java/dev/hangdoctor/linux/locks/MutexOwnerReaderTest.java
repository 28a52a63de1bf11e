package dev.hangdoctor.linux.locks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.memory.RecordedMemory;
import dev.hangdoctor.linux.proc.GapCollector;
import dev.hangdoctor.linux.proc.ThreadReader;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MutexOwnerReaderTest {
  private static final long MUTEX_A = 0x5589b93120a0L;
  private static final long MUTEX_B = 0x5589b93120e0L;

  @Test
  void readsTheOwnerOfEachAwaitedMutexFromItsOwnerField() {
    RecordedMemory memory =
        new RecordedMemory().with(MUTEX_A, mutex(2, 18323)).with(MUTEX_B, mutex(2, 18324));
    List<ThreadSnapshot> threads =
        List.of(
            thread(18321, futex(0x7f2bc6481990L, 0x109, 18323)),
            thread(18323, futex(MUTEX_B, 0x80, 2)),
            thread(18324, futex(MUTEX_A, 0x80, 2)));

    Map<Integer, Integer> owners = owners(MutexOwnerReader.withOwners(memory, threads));

    assertThat(owners)
        .containsExactlyInAnyOrderEntriesOf(Map.of(18321, 0, 18323, 18324, 18324, 18323));
  }

  @Test
  void conditionVariablesSemaphoresAndForeignLockWordsHaveNoOwner() {
    long lock = 0x7000L;
    RecordedMemory memory = new RecordedMemory().with(lock, mutex(2, 4242));
    List<ThreadSnapshot> threads =
        List.of(
            thread(10, futex(lock, 0x189, 0)),
            thread(11, futex(lock, 0x89, 2)),
            thread(12, futex(lock, 0x80, 2)),
            thread(13, futex(0x9000L, 0x80, 2)));

    assertThat(owners(MutexOwnerReader.withOwners(memory, threads)).values()).containsOnly(0);
  }

  @Test
  void aPriorityInheritanceMutexKeepsItsOwnerInTheLockWord() {
    long lock = 0x7000L;
    RecordedMemory memory = new RecordedMemory().with(lock, mutex(0x80000000 | 21, 0));
    List<ThreadSnapshot> threads =
        List.of(thread(20, futex(lock, 0x86, 0)), thread(21, KernelWait.UNKNOWN));

    assertThat(owners(MutexOwnerReader.withOwners(memory, threads))).containsEntry(20, 21);
  }

  @Test
  void findsTheCycleOfARealAbbaDeadlock() {
    try (Target target = Target.start(TargetSpec.c("mutexes.c", "deadlock"))) {
      int ab = target.readyInt("ab");
      int ba = target.readyInt("other");
      MutexOwnerReader reader = new MutexOwnerReader(ProcFs.system());
      Map<Integer, Integer> owners =
          Await.value(
              "both transfers blocked on each other's mutex",
              Duration.ofSeconds(20),
              () -> {
                Map<Integer, Integer> found =
                    owners(reader.withOwners((int) target.pid(), live(target), new GapCollector()));
                return found.get(ab) == ba && found.get(ba) == ab
                    ? Optional.of(found)
                    : Optional.empty();
              });
      assertThat(owners).containsEntry(ab, ba).containsEntry(ba, ab);
    }
  }

  private static List<ThreadSnapshot> live(Target target) {
    try {
      ProcFs procFs = ProcFs.system();
      return new ThreadReader(procFs).read((int) target.pid(), new GapCollector());
    } catch (ProcReadException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<Integer, Integer> owners(List<ThreadSnapshot> threads) {
    return threads.stream()
        .collect(Collectors.toMap(ThreadSnapshot::tid, t -> t.kernelWait().lockOwnerTid()));
  }

  /** The first 20 bytes of a glibc x86_64 pthread_mutex_t: __lock, __count, __owner, … */
  private static byte[] mutex(int lock, int owner) {
    return ByteBuffer.allocate(20)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(lock)
        .putInt(0)
        .putInt(owner)
        .putInt(1)
        .putInt(0)
        .array();
  }

  private static KernelWait futex(long address, long op, long value) {
    return new KernelWait(
        "futex_do_wait",
        SyscallState.inSyscall(202, "futex", List.of(address, op, value, 0L, 0L, 0L)),
        KernelWait.NO_OWNER);
  }

  private static ThreadSnapshot thread(int tid, KernelWait wait) {
    return new ThreadSnapshot(tid, "t" + tid, TaskState.SLEEPING, wait, CpuTime.ZERO, 0, 0);
  }
}
