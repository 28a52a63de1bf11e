package dev.hangdoctor.linux.unwind;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.evidence.NativeStack;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.elf.ElfFormatException;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.memory.MemoryMapParser;
import dev.hangdoctor.linux.memory.MemoryMapping;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.ProcMemory;
import dev.hangdoctor.linux.proc.GapCollector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the machine-code stacks of a native program's threads without stopping it: for each thread
 * blocked in a system call, its stack and program counters from {@code /proc/PID/task/TID/syscall},
 * unwound through {@code /proc/PID/mem} with the mapped files' call frame information, symbols and
 * line tables (files read through {@code /proc/PID/map_files}, else {@code /proc/PID/root}); for a
 * thread that runs, its start routine from glibc's thread descriptor. Interpreters (CPython, the
 * JVM) are left to their own stack readers. Parsed files are cached by device, inode and path.
 */
public final class NativeStackReader {
  static final String STACKS = "native stacks (/proc/PID/mem)";

  /** The largest ELF file read to symbolise its frames. */
  static final long MAX_MODULE_BYTES = 256L * 1024 * 1024;

  private static final int MAX_CACHED_MODULES = 64;
  private static final int TCB_SCAN_BYTES = 64 * 1024;
  private static final Pattern GLIBC_VERSION = Pattern.compile("release version (\\d+\\.\\d+)");

  private final ProcFs procFs;
  private final Map<String, Optional<NativeModule>> modules =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<NativeModule>> eldest) {
          return size() > MAX_CACHED_MODULES;
        }
      };
  private final Map<String, Optional<String>> glibcVersions = new HashMap<>();

  public NativeStackReader(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** True when process {@code pid}'s program is one whose stacks another reader reads. */
  boolean isInterpreter(int pid) {
    try {
      String exe = procFs.readLink(procFs.pidDir(pid).resolve("exe"));
      String base = exe.substring(exe.lastIndexOf('/') + 1);
      return base.startsWith("python") || base.startsWith("java") || base.startsWith("pypy");
    } catch (ProcReadException e) {
      return true;
    }
  }

  /** {@code threads} with their machine-code stacks, for a native program; unchanged otherwise. */
  public List<ThreadSnapshot> withNativeStacks(
      int pid, List<ThreadSnapshot> threads, GapCollector gaps) {
    if (threads.isEmpty() || isInterpreter(pid)) {
      return threads;
    }
    List<MemoryMapping> mappings;
    String executable;
    try {
      mappings = MemoryMapParser.parse(procFs.readText(procFs.pidDir(pid).resolve("maps")));
      executable = procFs.readLink(procFs.pidDir(pid).resolve("exe"));
    } catch (ProcReadException e) {
      gaps.add(STACKS, e);
      return threads;
    }
    AddressSpace space = new AddressSpace(mappings, m -> module(pid, m), executable);
    List<ThreadSnapshot> result = new ArrayList<>(threads.size());
    try (ProcMemory memory = ProcMemory.open(procFs.root(), pid)) {
      NativeUnwinder unwinder = new NativeUnwinder(memory, space);
      ThreadEntries entries = null;
      for (ThreadSnapshot thread : threads) {
        Optional<NativeStack> stack = Optional.empty();
        long[] spPc = stackAndPc(pid, thread.tid());
        if (spPc != null) {
          stack = Optional.of(unwinder.unwind(spPc[0], spPc[1]));
        } else if (thread.tid() != pid && thread.kernelWait().isRunning()) {
          if (entries == null) {
            entries = new ThreadEntries(memory, mappings, glibcLayout(pid, mappings));
          }
          stack = entries.entry(thread.tid()).map(pc -> entryStack(space, pc));
        }
        result.add(stack.map(thread::withNativeStack).orElse(thread));
      }
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.TARGET_EXITED) {
        gaps.add(
            new EvidenceGap(
                STACKS,
                e.reason() == MemoryReadException.Reason.PERMISSION_DENIED
                    ? EvidenceGap.Reason.PERMISSION_DENIED
                    : EvidenceGap.Reason.UNREADABLE,
                e.getMessage()));
      }
      return threads;
    }
    return result;
  }

  private static NativeStack entryStack(AddressSpace space, long pc) {
    NativeFrame frame = space.frame(pc, 0, true);
    return new NativeStack(
        List.of(frame), false, "the thread runs: only its start routine is known", false);
  }

  /** The stack pointer and program counter of a thread in a system call; null otherwise. */
  private long[] stackAndPc(int pid, int tid) {
    try {
      String text = procFs.readText(procFs.taskDir(pid, tid).resolve("syscall"));
      return SyscallRegisters.parse(text);
    } catch (ProcReadException e) {
      return null;
    }
  }

  private Optional<NativeModule> module(int pid, MemoryMapping mapping) {
    String key = mapping.device() + ":" + mapping.inode() + ":" + mapping.path();
    synchronized (modules) {
      Optional<NativeModule> cached = modules.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Optional<NativeModule> loaded = load(pid, mapping).flatMap(NativeStackReader::parse);
    synchronized (modules) {
      modules.put(key, loaded);
    }
    return loaded;
  }

  private static Optional<NativeModule> parse(byte[] bytes) {
    try {
      return Optional.of(NativeModule.parse(bytes));
    } catch (ElfFormatException | DwarfFormatException e) {
      return Optional.empty();
    }
  }

  private Optional<byte[]> load(int pid, MemoryMapping mapping) {
    Path mapFile =
        procFs
            .pidDir(pid)
            .resolve("map_files")
            .resolve(Long.toHexString(mapping.start()) + "-" + Long.toHexString(mapping.end()));
    Path rooted = procFs.pidDir(pid).resolve("root").resolve(mapping.path().substring(1));
    for (Path path : List.of(mapFile, rooted)) {
      try {
        if (Files.size(path) <= MAX_MODULE_BYTES) {
          return Optional.of(Files.readAllBytes(path));
        }
      } catch (IOException | SecurityException e) {
        // try the next way to the file
      }
    }
    return Optional.empty();
  }

  /** The thread-descriptor layout of the process's glibc, when its version is known. */
  private Optional<GlibcThreadLayout> glibcLayout(int pid, List<MemoryMapping> mappings) {
    for (MemoryMapping mapping : mappings) {
      String path = mapping.path();
      if (mapping.isFile() && path.substring(path.lastIndexOf('/') + 1).startsWith("libc.so")) {
        String key = mapping.device() + ":" + mapping.inode();
        Optional<String> version =
            glibcVersions.computeIfAbsent(
                key, k -> load(pid, mapping).flatMap(NativeStackReader::glibcVersion));
        return version.flatMap(GlibcThreadLayout::forVersion);
      }
    }
    return Optional.empty();
  }

  /** The version glibc prints about itself ("GNU C Library … release version 2.36"). */
  static Optional<String> glibcVersion(byte[] libc) {
    String text = new String(libc, StandardCharsets.ISO_8859_1);
    Matcher matcher = GLIBC_VERSION.matcher(text);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** Finds threads' descriptors in the anonymous mappings that hold thread stacks. */
  private static final class ThreadEntries {
    private final Map<Integer, Long> startRoutines = new HashMap<>();

    ThreadEntries(
        ProcMemory memory, List<MemoryMapping> mappings, Optional<GlibcThreadLayout> layout) {
      if (layout.isEmpty()) {
        return;
      }
      GlibcThreadLayout l = layout.get();
      for (MemoryMapping mapping : mappings) {
        if (mapping.isFile()
            || !mapping.permissions().startsWith("rw")
            || !mapping.path().isEmpty()) {
          continue;
        }
        long from = Math.max(mapping.start(), mapping.end() - TCB_SCAN_BYTES);
        byte[] bytes;
        try {
          bytes = memory.read(from, (int) (mapping.end() - from));
        } catch (MemoryReadException e) {
          continue;
        }
        ByteBuffer words = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + l.startRoutineOffset() + 8 <= bytes.length; at += 64) {
          long address = from + at;
          if (words.getLong(at) == address && words.getLong(at + 16) == address) {
            int tid = words.getInt(at + l.tidOffset());
            long start = words.getLong(at + l.startRoutineOffset());
            if (tid > 0 && start != 0) {
              startRoutines.put(tid, start);
            }
          }
        }
      }
    }

    Optional<Long> entry(int tid) {
      return Optional.ofNullable(startRoutines.get(tid));
    }
  }
}
