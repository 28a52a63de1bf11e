package dev.hangdoctor.cpython.locate;

import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.linux.elf.ElfFile;
import dev.hangdoctor.linux.elf.ElfFormatException;
import dev.hangdoctor.linux.elf.ElfSection;
import dev.hangdoctor.linux.elf.ElfSegment;
import dev.hangdoctor.linux.elf.ElfSymbol;
import dev.hangdoctor.linux.elf.ElfType;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.memory.MemoryMapParser;
import dev.hangdoctor.linux.memory.MemoryMapping;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the CPython runtime of a process from outside: the ELF file holding {@code _PyRuntime} (the
 * executable, else a mapped {@code libpython3.X.so}), its load bias from {@code /proc/PID/maps},
 * and the version the process itself reports ({@code Py_Version}, and on 3.13+ the {@code
 * _Py_DebugOffsets} header), cross-checked with the file name. ELF files are read through {@code
 * /proc/PID/root} so that container paths resolve, and are parsed once per file content for the
 * lifetime of the locator. Thread-safe.
 */
public final class InterpreterLocator {

  /** Exported type objects whose runtime addresses go into {@link RuntimeLocation#symbols()}. */
  public static final List<String> TYPE_SYMBOLS =
      List.of(
          "PyCode_Type",
          "PyUnicode_Type",
          "PyBytes_Type",
          "PyTuple_Type",
          "PyDict_Type",
          "PyLong_Type",
          "PyModule_Type",
          "PyGen_Type",
          "PyCoro_Type");

  private static final long PAGE_MASK = ~0xfffL;
  private static final byte[] DEBUG_COOKIE = "xdebugpy".getBytes(StandardCharsets.US_ASCII);
  private static final String DELETED = " (deleted)";

  private final ProcFs procFs;
  private final ElfCache cache = new ElfCache(32);

  public InterpreterLocator(ProcFs procFs) {
    this.procFs = procFs;
  }

  /** Where the CPython runtime of {@code pid} is, read through {@code memory} (that process's). */
  public LocateResult locate(int pid, RemoteMemory memory) {
    Path pidDir = procFs.pidDir(pid);
    String exe;
    List<MemoryMapping> maps;
    try {
      exe = procFs.readLink(pidDir.resolve("exe"));
      maps = MemoryMapParser.parse(procFs.readText(pidDir.resolve("maps")));
    } catch (ProcReadException e) {
      if (e.targetExited() && procFs.exists(pidDir)) {
        return new LocateResult.NotPython("PID " + pid + " has no executable (a kernel thread)");
      }
      return new LocateResult.Unreadable(e.reason(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return new LocateResult.Unreadable(EvidenceGap.Reason.UNREADABLE, e.getMessage());
    }
    Attempt attempt = new Attempt(pid, memory, maps);
    return attempt.run(candidates(exe, maps));
  }

  /** How many ELF files this locator has parsed (the rest came from its cache). */
  int parses() {
    return cache.parses();
  }

  private static List<Candidate> candidates(String exeLink, List<MemoryMapping> maps) {
    boolean exeDeleted = exeLink.endsWith(DELETED);
    String exe = exeDeleted ? exeLink.substring(0, exeLink.length() - DELETED.length()) : exeLink;
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate(exe, exeDeleted, false));
    maps.stream()
        .filter(MemoryMapping::isFile)
        .filter(m -> !m.path().equals(exe))
        .filter(m -> PythonFileName.of(m.path()).filter(PythonFileName::library).isPresent())
        .map(m -> new Candidate(m.path(), m.deleted(), true))
        .distinct()
        .forEach(candidates::add);
    return candidates;
  }

  private record Candidate(String path, boolean deleted, boolean library) {
    Optional<PythonFileName> name() {
      return PythonFileName.of(path);
    }

    // equals and hashCode written out: a record's own are made on first use by the ObjectMethods
    // bootstrap, which spins some 17 method-handle classes that no start-up cache keeps (about
    // 25 ms of a one-shot dump on JDK 25 with its AOT cache).
    @Override
    public boolean equals(Object other) {
      return other instanceof Candidate that
          && path.equals(that.path)
          && deleted == that.deleted
          && library == that.library;
    }

    @Override
    public int hashCode() {
      return (path.hashCode() * 31 + Boolean.hashCode(deleted)) * 31 + Boolean.hashCode(library);
    }
  }

  /** One call of {@link #locate}: the process, its maps and what was learnt so far. */
  private final class Attempt {
    private final int pid;
    private final RemoteMemory memory;
    private final List<MemoryMapping> maps;
    private final List<String> notes = new ArrayList<>();
    private LocateResult.Unreadable firstFailure;
    private LocateResult.Unsupported oldPython;

    Attempt(int pid, RemoteMemory memory, List<MemoryMapping> maps) {
      this.pid = pid;
      this.memory = memory;
      this.maps = maps;
    }

    LocateResult run(List<Candidate> candidates) {
      for (Candidate candidate : candidates) {
        Optional<ElfFile> elf = open(candidate);
        if (elf.isEmpty()) {
          continue;
        }
        Optional<Long> runtime = runtimeValue(elf.get());
        if (runtime.isPresent()) {
          return examine(candidate, elf.get(), runtime.get());
        }
        noteOldPython(candidate, elf.get());
      }
      if (oldPython != null) {
        return oldPython;
      }
      if (firstFailure != null && !firstFailure.reason().equals(EvidenceGap.Reason.UNREADABLE)) {
        return firstFailure;
      }
      return new LocateResult.NotPython(
          "no _PyRuntime and no libpython in PID " + pid + ": " + String.join("; ", notes));
    }

    private Optional<ElfFile> open(Candidate candidate) {
      List<Path> sources = new ArrayList<>();
      if (candidate.deleted()) {
        firstMapping(candidate.path(), 0)
            .ifPresent(
                m ->
                    sources.add(
                        procFs
                            .pidDir(pid)
                            .resolve("map_files")
                            .resolve(
                                Long.toHexString(m.start()) + "-" + Long.toHexString(m.end()))));
      }
      if (candidate.path().startsWith("/")) {
        sources.add(procFs.pidDir(pid).resolve("root").resolve(candidate.path().substring(1)));
      }
      sources.add(Path.of(candidate.path()));
      ProcReadException failure = null;
      for (Path source : sources) {
        try {
          return Optional.of(cache.parse(source));
        } catch (ElfFormatException e) {
          notes.add(candidate.path() + " is not a readable ELF file (" + e.getMessage() + ")");
          return Optional.empty();
        } catch (IOException e) {
          if (failure == null) {
            failure = ProcFs.classify(source, e);
          }
        }
      }
      notes.add("cannot read " + candidate.path() + " (" + failure.getMessage() + ")");
      if (firstFailure == null) {
        EvidenceGap.Reason reason =
            !procFs.exists(procFs.pidDir(pid))
                ? EvidenceGap.Reason.TARGET_EXITED
                : failure.permissionDenied()
                    ? EvidenceGap.Reason.PERMISSION_DENIED
                    : EvidenceGap.Reason.UNREADABLE;
        firstFailure =
            new LocateResult.Unreadable(
                reason,
                "cannot read " + candidate.path() + " of PID " + pid + ": " + failure.getMessage());
      }
      return Optional.empty();
    }

    private Optional<Long> runtimeValue(ElfFile elf) {
      Optional<ElfSymbol> symbol = elf.symbol("_PyRuntime");
      if (symbol.isPresent()) {
        return Optional.of(symbol.get().value());
      }
      return elf.section(".PyRuntime").map(ElfSection::address);
    }

    private void noteOldPython(Candidate candidate, ElfFile elf) {
      Optional<PythonFileName> name = candidate.name();
      boolean pythonInside = elf.symbol("PyCode_Type").isPresent();
      if (oldPython == null && name.isPresent() && (candidate.library() || pythonInside)) {
        oldPython =
            new LocateResult.Unsupported(
                name.get().text(),
                "unsupported CPython "
                    + name.get().text()
                    + " (version from the file name "
                    + candidate.path()
                    + ", which has no _PyRuntime, so it is older than 3.7): "
                    + SupportedVersions.DESCRIPTION);
      } else {
        notes.add(candidate.path() + " has no _PyRuntime");
      }
    }

    private LocateResult examine(Candidate candidate, ElfFile elf, long runtimeValue) {
      Optional<PythonFileName> name = candidate.name();
      Optional<ElfSymbol> pyVersion = elf.symbol("Py_Version");
      if (pyVersion.isEmpty()) {
        String version = name.map(PythonFileName::text).orElse("older than 3.11");
        return new LocateResult.Unsupported(
            version,
            "unsupported CPython "
                + version
                + " ("
                + name.map(n -> "version from the file name " + candidate.path() + "; ").orElse("")
                + "it has no Py_Version, which 3.11 added): "
                + SupportedVersions.DESCRIPTION);
      }
      try {
        long bias = loadBias(candidate, elf);
        LocateResult.Unreadable replaced = checkMappedFileIsThisFile(candidate, elf);
        if (replaced != null) {
          return replaced;
        }
        int versionHex = (int) memory.readLong(bias + pyVersion.get().value());
        long runtime = bias + runtimeValue;
        return judge(candidate, name, versionHex, runtime)
            .orElseGet(
                () ->
                    new LocateResult.Found(
                        new RuntimeLocation(
                            runtime,
                            versionHex,
                            candidate.path(),
                            candidate.library(),
                            bias,
                            typeAddresses(elf, bias))));
      } catch (MemoryReadException e) {
        return unreadable(e);
      } catch (BiasException e) {
        return new LocateResult.Unreadable(EvidenceGap.Reason.UNREADABLE, e.getMessage());
      }
    }

    private Optional<LocateResult> judge(
        Candidate candidate, Optional<PythonFileName> name, int versionHex, long runtime)
        throws MemoryReadException {
      String version = RuntimeLocation.formatVersion(versionHex);
      int major = (versionHex >>> 24) & 0xff;
      int minor = (versionHex >>> 16) & 0xff;
      if (name.isPresent() && (name.get().major() != major || name.get().minor() != minor)) {
        return Optional.of(
            new LocateResult.Unreadable(
                EvidenceGap.Reason.UNREADABLE,
                "Py_Version of PID "
                    + pid
                    + " says "
                    + version
                    + " but the file is "
                    + candidate.path()));
      }
      boolean freeThreaded = name.map(PythonFileName::freeThreaded).orElse(false);
      boolean debug = name.map(PythonFileName::debug).orElse(false);
      String suffix = freeThreaded ? "t (free-threaded)" : debug ? "d (debug build)" : "";
      if (!SupportedVersions.isSupported(major, minor)) {
        return Optional.of(unsupported(version + suffix));
      }
      if (minor >= 13) {
        byte[] header = memory.read(runtime, 24);
        if (!Arrays.equals(header, 0, 8, DEBUG_COOKIE, 0, 8)) {
          return Optional.of(
              new LocateResult.Unreadable(
                  EvidenceGap.Reason.UNREADABLE,
                  String.format(
                      "no xdebugpy cookie at _PyRuntime 0x%x of PID %d (CPython %s)",
                      runtime, pid, version)));
        }
        long debugVersion = littleEndianLong(header, 8);
        if (debugVersion != Integer.toUnsignedLong(versionHex)) {
          return Optional.of(
              new LocateResult.Unreadable(
                  EvidenceGap.Reason.UNREADABLE,
                  String.format(
                      "_Py_DebugOffsets of PID %d says version 0x%x, Py_Version says 0x%x",
                      pid, debugVersion, versionHex)));
        }
        if (littleEndianLong(header, 16) == 1) {
          freeThreaded = true;
          suffix = "t (free-threaded)";
        }
      }
      if (freeThreaded || debug) {
        return Optional.of(unsupported(version + suffix));
      }
      return Optional.empty();
    }

    private LocateResult.Unsupported unsupported(String version) {
      return new LocateResult.Unsupported(
          version, "unsupported CPython " + version + ": " + SupportedVersions.DESCRIPTION);
    }

    private long loadBias(Candidate candidate, ElfFile elf) throws BiasException {
      if (elf.type() == ElfType.EXEC) {
        return 0;
      }
      if (elf.type() != ElfType.DYN) {
        throw new BiasException(candidate.path() + " is an ELF file of type " + elf.type());
      }
      ElfSegment first =
          elf.firstLoadSegment()
              .orElseThrow(() -> new BiasException(candidate.path() + " has no PT_LOAD segment"));
      long fileOffset = first.offset() & PAGE_MASK;
      MemoryMapping mapping =
          firstMapping(candidate.path(), fileOffset)
              .orElseThrow(
                  () ->
                      new BiasException(
                          String.format(
                              "PID %d maps no part of %s at file offset 0x%x",
                              pid, candidate.path(), fileOffset)));
      return mapping.start() - (first.virtualAddress() & PAGE_MASK);
    }

    /** Null when the file's first bytes equal what the process has mapped at its first page. */
    private LocateResult.Unreadable checkMappedFileIsThisFile(Candidate candidate, ElfFile elf)
        throws MemoryReadException {
      Optional<MemoryMapping> start = firstMapping(candidate.path(), 0);
      byte[] expected = elf.headerBytes();
      if (start.isEmpty() || start.get().size() < expected.length || !start.get().readable()) {
        return null;
      }
      byte[] mapped = memory.read(start.get().start(), expected.length);
      if (Arrays.equals(mapped, expected)) {
        return null;
      }
      return new LocateResult.Unreadable(
          EvidenceGap.Reason.UNREADABLE,
          candidate.path()
              + " on disk is not the file PID "
              + pid
              + " has mapped (replaced since the process started?)");
    }

    private Optional<MemoryMapping> firstMapping(String path, long fileOffset) {
      return maps.stream()
          .filter(m -> m.isFile() && m.path().equals(path) && m.offset() == fileOffset)
          .min(Comparator.comparing(MemoryMapping::start, Long::compareUnsigned));
    }

    private Map<String, Long> typeAddresses(ElfFile elf, long bias) {
      Map<String, Long> addresses = new LinkedHashMap<>();
      for (String symbol : TYPE_SYMBOLS) {
        elf.symbol(symbol).ifPresent(s -> addresses.put(symbol, bias + s.value()));
      }
      return addresses;
    }

    private LocateResult.Unreadable unreadable(MemoryReadException e) {
      EvidenceGap.Reason reason =
          switch (e.reason()) {
            case PERMISSION_DENIED -> EvidenceGap.Reason.PERMISSION_DENIED;
            case TARGET_EXITED -> EvidenceGap.Reason.TARGET_EXITED;
            case UNMAPPED ->
                procFs.exists(procFs.pidDir(pid))
                    ? EvidenceGap.Reason.UNREADABLE
                    : EvidenceGap.Reason.TARGET_EXITED;
          };
      return new LocateResult.Unreadable(reason, e.getMessage());
    }
  }

  private static long littleEndianLong(byte[] bytes, int at) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[at + i] & 0xff);
    }
    return value;
  }

  /** The load bias cannot be computed from the file and the maps. */
  private static final class BiasException extends Exception {
    private static final long serialVersionUID = 1L;

    BiasException(String message) {
      super(message);
    }
  }
}
