package dev.hangdoctor.cpython.locate;

import dev.hangdoctor.linux.elf.ElfFile;
import dev.hangdoctor.linux.elf.ElfFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed ELF files keyed by what identifies a file's content: device and inode (or the path when
 * the file system has no such key), size and modification time. Least recently used entries go.
 */
final class ElfCache {
  private static final long MAX_FILE_BYTES = 2L * 1024 * 1024 * 1024;

  private record Key(Object identity, long size, FileTime modified) {
    // equals and hashCode written out: a record's own are made on first use by the ObjectMethods
    // bootstrap, which spins some 17 method-handle classes that no start-up cache keeps (about
    // 25 ms of a one-shot dump on JDK 25 with its AOT cache).
    @Override
    public boolean equals(Object other) {
      return other instanceof Key that
          && identity.equals(that.identity)
          && size == that.size
          && modified.equals(that.modified);
    }

    @Override
    public int hashCode() {
      return (identity.hashCode() * 31 + Long.hashCode(size)) * 31 + modified.hashCode();
    }
  }

  private final Map<Key, ElfFile> entries;
  private int parses;

  ElfCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, ElfFile> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized ElfFile parse(Path path) throws IOException, ElfFormatException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    Object identity = attributes.fileKey() != null ? attributes.fileKey() : path.toString();
    Key key = new Key(identity, attributes.size(), attributes.lastModifiedTime());
    ElfFile cached = entries.get(key);
    if (cached != null) {
      return cached;
    }
    ElfFile parsed = ElfFile.parse(path, MAX_FILE_BYTES);
    parses++;
    entries.put(key, parsed);
    return parsed;
  }

  /** How many files were parsed rather than found in the cache. */
  synchronized int parses() {
    return parses;
  }
}
