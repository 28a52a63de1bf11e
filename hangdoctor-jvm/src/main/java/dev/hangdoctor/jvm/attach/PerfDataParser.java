package dev.hangdoctor.jvm.attach;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the string counters of a HotSpot performance-data file ({@code /tmp/hsperfdata_USER/PID}),
 * the memory the JVM publishes for {@code jstat}: a prologue (magic {@code 0xcafec0c0}, byte order,
 * version, entry offset and count) and entries (length, name offset, vector length, type, data
 * offset). Only byte-vector ({@code 'B'}) entries, the strings, are returned. A pure function; a
 * file that is truncated or not in this format yields what could be read.
 */
public final class PerfDataParser {
  private static final int MAGIC = 0xcafec0c0;
  private static final int PROLOGUE_BYTES = 32;
  private static final byte TYPE_BYTE = 'B';

  private PerfDataParser() {}

  /** The counter {@code sun.rt.jvmCapabilities} says whether the JVM has an attach listener. */
  public static final String CAPABILITIES = "sun.rt.jvmCapabilities";

  /** The string counters by name. */
  public static Map<String, String> strings(byte[] file) {
    Map<String, String> strings = new LinkedHashMap<>();
    ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
    try {
      if (file.length < PROLOGUE_BYTES || buffer.getInt(0) != MAGIC) {
        return strings;
      }
      buffer.order(file[4] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      int used = buffer.getInt(8);
      int entryOffset = buffer.getInt(24);
      int entries = buffer.getInt(28);
      int limit = Math.min(file.length, used > 0 ? used : file.length);
      int position = entryOffset;
      for (int i = 0; i < entries && position > 0 && position + 20 <= limit; i++) {
        int length = buffer.getInt(position);
        int nameOffset = buffer.getInt(position + 4);
        int vectorLength = buffer.getInt(position + 8);
        byte type = buffer.get(position + 12);
        int dataOffset = buffer.getInt(position + 16);
        if (length <= 0 || position + length > limit) {
          break;
        }
        if (type == TYPE_BYTE && vectorLength > 0) {
          String name = cString(file, position + nameOffset, position + length);
          int start = position + dataOffset;
          String value = cString(file, start, Math.min(start + vectorLength, position + length));
          strings.put(name, value);
        }
        position += length;
      }
    } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
      return strings;
    }
    return strings;
  }

  /**
   * Whether the JVM that wrote {@code file} has an attach listener: the first character of {@code
   * sun.rt.jvmCapabilities} is {@code 1} (yes) or {@code 0} (started with {@code
   * -XX:+DisableAttachMechanism}). Empty when the file does not say.
   */
  public static Optional<Boolean> attachSupported(byte[] file) {
    String capabilities = strings(file).get(CAPABILITIES);
    if (capabilities == null || capabilities.isEmpty()) {
      return Optional.empty();
    }
    char first = capabilities.charAt(0);
    return first == '1' ? Optional.of(true) : first == '0' ? Optional.of(false) : Optional.empty();
  }

  private static String cString(byte[] bytes, int start, int end) {
    if (start < 0 || start >= end || end > bytes.length) {
      return "";
    }
    int stop = start;
    while (stop < end && bytes[stop] != 0) {
      stop++;
    }
    return new String(bytes, start, stop - start, StandardCharsets.UTF_8);
  }
}
