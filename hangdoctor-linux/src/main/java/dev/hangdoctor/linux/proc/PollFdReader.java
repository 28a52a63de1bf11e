package dev.hangdoctor.linux.proc;

import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Adds to each thread blocked in {@code poll}/{@code ppoll} on exactly one descriptor that
 * descriptor, read from the {@code struct pollfd} its first argument points to ({@code int fd} is
 * the struct's first field). A blocking socket read of the JVM (and of anything with a socket
 * timeout) waits this way, so this is what ties such a thread to its socket. The memory is opened
 * only when some thread polls one descriptor; anything unreadable leaves the wait as it was.
 */
public final class PollFdReader {
  private final ProcFs procFs;

  public PollFdReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** {@code threads} with the polled descriptor filled in where it could be read. */
  public List<ThreadSnapshot> withPollFds(int pid, List<ThreadSnapshot> threads) {
    if (threads.stream().noneMatch(t -> pollfdAddress(t.kernelWait().syscall()).isPresent())) {
      return threads;
    }
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      return withPollFds(memory, threads);
    } catch (MemoryReadException e) {
      return threads;
    }
  }

  /** The same over any memory (recorded bytes in tests). */
  static List<ThreadSnapshot> withPollFds(RemoteMemory memory, List<ThreadSnapshot> threads) {
    List<ThreadSnapshot> result = new ArrayList<>(threads.size());
    for (ThreadSnapshot thread : threads) {
      OptionalInt fd = OptionalInt.empty();
      long address = pollfdAddress(thread.kernelWait().syscall()).orElse(0L);
      if (address != 0) {
        try {
          int value = memory.readInt(address);
          if (value >= 0) {
            fd = OptionalInt.of(value);
          }
        } catch (MemoryReadException e) {
          // the array was freed meanwhile: leave the wait without a descriptor
        }
      }
      result.add(
          fd.isPresent()
              ? thread.withKernelWait(thread.kernelWait().withPollFd(fd.getAsInt()))
              : thread);
    }
    return result;
  }

  /** The address of the pollfd array of a {@code poll}/{@code ppoll} on one descriptor. */
  static Optional<Long> pollfdAddress(SyscallState call) {
    if (call.status() != SyscallState.Status.IN_SYSCALL
        || !("poll".equals(call.name()) || "ppoll".equals(call.name()))
        || call.arguments().size() < 2
        || call.arguments().get(1) != 1
        || call.arguments().get(0) == 0) {
      return Optional.empty();
    }
    return Optional.of(call.arguments().get(0));
  }
}
