package dev.hangdoctor.cpython.tasks;

import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Every read a task-graph read made of a live process, with the interpreter's location: recorded
 * once from a real target ({@link #recording}), replayed in unit tests ({@link #load}). A replayed
 * read must be one the recording saw (same address and length), else it fails as unmapped.
 */
final class MemoryCapture implements RemoteMemory {
  private static final int MAGIC = 0x7461736b;

  private final RuntimeLocation location;
  private final Map<Key, byte[]> reads;

  private record Key(long address, int length) {}

  private MemoryCapture(RuntimeLocation location, Map<Key, byte[]> reads) {
    this.location = location;
    this.reads = reads;
  }

  RuntimeLocation location() {
    return location;
  }

  @Override
  public byte[] read(long address, int length) throws MemoryReadException {
    byte[] bytes = reads.get(new Key(address, length));
    if (bytes == null) {
      throw new MemoryReadException(
          String.format("0x%x (%d bytes) was not recorded", address, length),
          MemoryReadException.Reason.UNMAPPED,
          null);
    }
    return bytes.clone();
  }

  @Override
  public void close() {}

  /** A memory that records every successful read of {@code live} into a capture. */
  static Recorder recording(RemoteMemory live, RuntimeLocation location) {
    return new Recorder(live, location);
  }

  /** Records reads; {@link #write} saves them. */
  static final class Recorder implements RemoteMemory {
    private final RemoteMemory live;
    private final RuntimeLocation location;
    private final Map<Key, byte[]> reads = new LinkedHashMap<>();

    Recorder(RemoteMemory live, RuntimeLocation location) {
      this.live = live;
      this.location = location;
    }

    @Override
    public byte[] read(long address, int length) throws MemoryReadException {
      byte[] bytes = live.read(address, length);
      reads.put(new Key(address, length), bytes.clone());
      return bytes;
    }

    @Override
    public void close() {}

    void write(OutputStream target) throws IOException {
      try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(target))) {
        out.writeInt(MAGIC);
        out.writeLong(location.runtimeAddress());
        out.writeInt(location.versionHex());
        out.writeUTF(location.binary());
        out.writeBoolean(location.sharedLibrary());
        out.writeLong(location.loadBias());
        out.writeInt(location.symbols().size());
        for (Map.Entry<String, Long> symbol : location.symbols().entrySet()) {
          out.writeUTF(symbol.getKey());
          out.writeLong(symbol.getValue());
        }
        for (Map.Entry<Key, byte[]> read : reads.entrySet()) {
          out.writeLong(read.getKey().address());
          out.writeInt(read.getValue().length);
          out.write(read.getValue());
        }
      }
    }
  }

  static MemoryCapture load(InputStream source) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(source))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a task-graph memory capture");
      }
      long runtime = in.readLong();
      int versionHex = in.readInt();
      String binary = in.readUTF();
      boolean shared = in.readBoolean();
      long bias = in.readLong();
      int symbolCount = in.readInt();
      Map<String, Long> symbols = new HashMap<>();
      for (int i = 0; i < symbolCount; i++) {
        symbols.put(in.readUTF(), in.readLong());
      }
      Map<Key, byte[]> reads = new HashMap<>();
      while (true) {
        long address;
        try {
          address = in.readLong();
        } catch (EOFException e) {
          break;
        }
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        reads.put(new Key(address, bytes.length), bytes);
      }
      return new MemoryCapture(
          new RuntimeLocation(runtime, versionHex, binary, shared, bias, symbols), reads);
    }
  }
}
