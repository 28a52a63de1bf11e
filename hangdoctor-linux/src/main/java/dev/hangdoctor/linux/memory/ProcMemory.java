package dev.hangdoctor.linux.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A live process's memory through {@code /proc/PID/mem}, read with positioned reads while the
 * process keeps running. Opening needs ptrace-read access to the process.
 */
public final class ProcMemory implements RemoteMemory {
  private final int pid;
  private final FileChannel channel;

  private ProcMemory(int pid, FileChannel channel) {
    this.pid = pid;
    this.channel = channel;
  }

  /**
   * @throws MemoryReadException when the process is gone or its memory may not be read
   */
  public static ProcMemory open(Path procRoot, int pid) throws MemoryReadException {
    Path mem = procRoot.resolve(Integer.toString(pid)).resolve("mem");
    try {
      return new ProcMemory(pid, FileChannel.open(mem, StandardOpenOption.READ));
    } catch (IOException e) {
      throw classify("opening " + mem, e);
    }
  }

  @Override
  public byte[] read(long address, int length) throws MemoryReadException {
    if (address <= 0 || length < 0) {
      throw new MemoryReadException(
          describe(address, length) + ": not a user-space address",
          MemoryReadException.Reason.UNMAPPED,
          null);
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try {
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, address + buffer.position());
        if (n <= 0) {
          throw new MemoryReadException(
              describe(address, length) + ": short read",
              MemoryReadException.Reason.UNMAPPED,
              null);
        }
      }
    } catch (MemoryReadException e) {
      throw e;
    } catch (IOException e) {
      throw classify(describe(address, length), e);
    }
    return buffer.array();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a read-only /proc file cannot lose anything
    }
  }

  private String describe(long address, int length) {
    return String.format("reading %d bytes at 0x%x of PID %d", length, address, pid);
  }

  private static MemoryReadException classify(String what, IOException e) {
    String reason = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : null;
    String message = reason != null ? reason : String.valueOf(e.getMessage());
    MemoryReadException.Reason kind;
    if (e instanceof NoSuchFileException || message.contains("No such process")) {
      kind = MemoryReadException.Reason.TARGET_EXITED;
    } else if (e instanceof AccessDeniedException
        || message.contains("Permission denied")
        || message.contains("Operation not permitted")) {
      kind = MemoryReadException.Reason.PERMISSION_DENIED;
    } else {
      kind = MemoryReadException.Reason.UNMAPPED;
    }
    return new MemoryReadException(what + ": " + message, kind, e);
  }
}
