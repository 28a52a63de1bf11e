package dev.hangdoctor.linux.memory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Another {@link RemoteMemory} read a whole page at a time, each page once per look: for readers
 * that chase thousands of small objects (the asyncio task graph: a task, its coroutine, its frame,
 * its name, a few words each), one positioned read per page instead of one per field. The target
 * keeps running, so a page is as old as its first read; use one instance per look and drop it. A
 * page that cannot be read whole is not cached: the read goes to the memory underneath for exactly
 * the bytes asked, so errors are the same as without the cache. Closing drops the pages; the memory
 * underneath belongs to the caller.
 */
public final class PageCachedMemory implements RemoteMemory {
  static final int PAGE = 4096;

  /** At most this many pages (64 MiB) are kept; past it the cache starts over. */
  static final int MAX_PAGES = 16 * 1024;

  private final RemoteMemory memory;
  private final Map<Long, byte[]> pages = new HashMap<>();
  private final Set<Long> unreadable = new HashSet<>();

  public PageCachedMemory(RemoteMemory memory) {
    this.memory = memory;
  }

  @Override
  public byte[] read(long address, int length) throws MemoryReadException {
    if (address <= 0 || length < 0) {
      return memory.read(address, length);
    }
    long first = address & -PAGE;
    long last = (address + Math.max(length, 1) - 1) & -PAGE;
    if (first == last) {
      byte[] page = page(first);
      if (page == null) {
        return memory.read(address, length);
      }
      int offset = (int) (address - first);
      return Arrays.copyOfRange(page, offset, offset + length);
    }
    byte[] bytes = new byte[length];
    int filled = 0;
    for (long base = first; base <= last; base += PAGE) {
      byte[] page = page(base);
      if (page == null) {
        return memory.read(address, length);
      }
      int from = (int) Math.max(0, address - base);
      int take = Math.min(PAGE - from, length - filled);
      System.arraycopy(page, from, bytes, filled, take);
      filled += take;
    }
    return bytes;
  }

  @Override
  public long readLong(long address) throws MemoryReadException {
    long base = address & -PAGE;
    int offset = (int) (address - base);
    if (address <= 0 || offset > PAGE - Long.BYTES) {
      return RemoteMemory.super.readLong(address);
    }
    byte[] page = page(base);
    if (page == null) {
      return memory.readLong(address);
    }
    long value = 0;
    for (int i = Long.BYTES - 1; i >= 0; i--) {
      value = (value << 8) | (page[offset + i] & 0xff);
    }
    return value;
  }

  /** The page at {@code base}, or null when it cannot be read whole. */
  private byte[] page(long base) {
    byte[] page = pages.get(base);
    if (page != null || unreadable.contains(base)) {
      return page;
    }
    try {
      page = memory.read(base, PAGE);
    } catch (MemoryReadException e) {
      unreadable.add(base);
      return null;
    }
    if (pages.size() >= MAX_PAGES) {
      pages.clear();
      unreadable.clear();
    }
    pages.put(base, page);
    return page;
  }

  @Override
  public void close() {
    pages.clear();
    unreadable.clear();
  }
}
