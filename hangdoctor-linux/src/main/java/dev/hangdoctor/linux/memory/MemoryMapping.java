package dev.hangdoctor.linux.memory;

/**
 * One line of {@code /proc/PID/maps}: the address range {@code [start, end)}, permissions such as
 * {@code r-xp}, the file offset mapped at {@code start}, the device ({@code major:minor}, hex) and
 * inode of the file, and its path as the process sees it. {@code path} is empty for anonymous
 * memory and a pseudo name such as {@code [heap]} or {@code [stack]} for special regions; {@code
 * deleted} says the kernel appended {@code " (deleted)"} (the file was removed or replaced since it
 * was mapped), which is not part of {@code path}.
 */
public record MemoryMapping(
    long start,
    long end,
    String permissions,
    long offset,
    String device,
    long inode,
    String path,
    boolean deleted) {

  /** True when the mapping is backed by a file, i.e. it has an inode and an absolute path. */
  public boolean isFile() {
    return inode != 0 && path.startsWith("/");
  }

  public boolean readable() {
    return permissions.startsWith("r");
  }

  public boolean executable() {
    return permissions.length() > 2 && permissions.charAt(2) == 'x';
  }

  public long size() {
    return end - start;
  }

  /** True when {@code address} lies in {@code [start, end)}. */
  public boolean contains(long address) {
    return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
  }
}
