package dev.hangdoctor.cpython.activity;

import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RecordedMemory;
import dev.hangdoctor.linux.memory.RemoteMemory;
import dev.hangdoctor.linux.proc.SyscallParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Memory, syscalls and interpreter location captured from a live CPython process, replayable as
 * {@link RecordedMemory}: every byte the reader read, merged into non-overlapping regions, with the
 * system-call lines it was given and the target's own account of itself ({@code oracle}, JSON).
 * Written by {@link ActivityCapture}; read by the captured-memory tests.
 */
final class MemoryCapture {
  final RuntimeLocation location;
  final Map<Integer, String> syscalls;
  final TreeMap<Long, byte[]> regions;
  final String oracle;

  MemoryCapture(
      RuntimeLocation location,
      Map<Integer, String> syscalls,
      TreeMap<Long, byte[]> regions,
      String oracle) {
    this.location = location;
    this.syscalls = syscalls;
    this.regions = regions;
    this.oracle = oracle;
  }

  RecordedMemory memory() {
    RecordedMemory memory = new RecordedMemory();
    regions.forEach(memory::with);
    return memory;
  }

  SyscallState syscall(int tid) {
    String line = syscalls.get(tid);
    return line == null ? SyscallState.UNKNOWN : SyscallParser.parse(line);
  }

  /** A memory that remembers every successful read of {@code delegate}. */
  static final class Recording implements RemoteMemory {
    private final RemoteMemory delegate;
    private final TreeMap<Long, byte[]> reads = new TreeMap<>();

    Recording(RemoteMemory delegate) {
      this.delegate = delegate;
    }

    @Override
    public byte[] read(long address, int length) throws MemoryReadException {
      byte[] bytes = delegate.read(address, length);
      byte[] known = reads.get(address);
      if (known == null || known.length < bytes.length) {
        reads.put(address, bytes.clone());
      }
      return bytes;
    }

    /** The reads merged into non-overlapping regions. */
    TreeMap<Long, byte[]> regions() {
      TreeMap<Long, byte[]> merged = new TreeMap<>();
      long start = -1;
      byte[] current = null;
      for (Map.Entry<Long, byte[]> read : reads.entrySet()) {
        long address = read.getKey();
        byte[] bytes = read.getValue();
        if (current != null && address <= start + current.length) {
          long end = Math.max(start + current.length, address + bytes.length);
          byte[] grown = new byte[(int) (end - start)];
          System.arraycopy(current, 0, grown, 0, current.length);
          System.arraycopy(bytes, 0, grown, (int) (address - start), bytes.length);
          current = grown;
        } else {
          if (current != null) {
            merged.put(start, current);
          }
          start = address;
          current = bytes.clone();
        }
      }
      if (current != null) {
        merged.put(start, current);
      }
      return merged;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  void write(Path file) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp));
        PrintWriter writer =
            new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8))) {
      writer.println("capture 1");
      writer.printf(
          "location %d %d %s %b %d%n",
          location.runtimeAddress(),
          location.versionHex(),
          location.binary(),
          location.sharedLibrary(),
          location.loadBias());
      new TreeMap<>(location.symbols())
          .forEach((name, address) -> writer.printf("symbol %s %d%n", name, address));
      syscalls.forEach((tid, line) -> writer.printf("syscall %d %s%n", tid, line));
      HexFormat hex = HexFormat.of();
      regions.forEach(
          (address, bytes) -> writer.printf("region %d %s%n", address, hex.formatHex(bytes)));
      writer.println("oracle " + oracle);
    }
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static MemoryCapture read(InputStream compressed) throws IOException {
    Map<String, Long> symbols = new LinkedHashMap<>();
    Map<Integer, String> syscalls = new LinkedHashMap<>();
    TreeMap<Long, byte[]> regions = new TreeMap<>();
    String[] location = null;
    String oracle = null;
    HexFormat hex = HexFormat.of();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(compressed), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] fields = line.split(" ", 3);
        switch (fields[0]) {
          case "location" -> location = line.split(" ");
          case "symbol" -> symbols.put(fields[1], Long.parseLong(fields[2]));
          case "syscall" -> syscalls.put(Integer.parseInt(fields[1]), fields[2]);
          case "region" -> regions.put(Long.parseLong(fields[1]), hex.parseHex(fields[2]));
          case "oracle" -> oracle = line.substring("oracle ".length());
          default -> {}
        }
      }
    }
    if (location == null || oracle == null) {
      throw new IOException("not a capture");
    }
    RuntimeLocation where =
        new RuntimeLocation(
            Long.parseLong(location[1]),
            Integer.parseInt(location[2]),
            location[3],
            Boolean.parseBoolean(location[4]),
            Long.parseLong(location[5]),
            symbols);
    return new MemoryCapture(where, syscalls, regions, oracle);
  }
}
