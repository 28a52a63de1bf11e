package dev.hangdoctor.linux.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A live process's memory through {@code /proc/PID/mem}, read with positioned reads while the
 * process keeps running. Opening needs ptrace-read access to the process.
 */
public final class ProcMemory implements RemoteMemory {
  private final Path procDir;
  private final int pid;
  private final FileChannel channel;

  private ProcMemory(Path procDir, int pid, FileChannel channel) {
    this.procDir = procDir;
    this.pid = pid;
    this.channel = channel;
  }

  /**
   * @throws MemoryReadException when the process is gone or its memory may not be read
   */
  public static ProcMemory open(Path procRoot, int pid) throws MemoryReadException {
    Path procDir = procRoot.resolve(Integer.toString(pid));
    Path mem = procDir.resolve("mem");
    try {
      return new ProcMemory(procDir, pid, FileChannel.open(mem, StandardOpenOption.READ));
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
          throw shortRead(address, length);
        }
      }
    } catch (MemoryReadException e) {
      throw e;
    } catch (IOException e) {
      throw classify(describe(address, length), e);
    }
    return buffer.array();
  }

  /**
   * An unmapped address fails with EIO; the memory of a process that has exited (or is a zombie)
   * reads as end of file.
   */
  private MemoryReadException shortRead(long address, int length) {
    boolean exited;
    try {
      String stat = Files.readString(procDir.resolve("stat"));
      int close = stat.lastIndexOf(')');
      exited = close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z';
    } catch (IOException e) {
      exited = true;
    }
    return exited
        ? new MemoryReadException(
            describe(address, length) + ": the process exited",
            MemoryReadException.Reason.TARGET_EXITED,
            null)
        : new MemoryReadException(
            describe(address, length) + ": short read", MemoryReadException.Reason.UNMAPPED, null);
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
