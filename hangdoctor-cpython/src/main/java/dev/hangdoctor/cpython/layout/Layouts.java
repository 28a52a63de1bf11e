package dev.hangdoctor.cpython.layout;

import dev.hangdoctor.cpython.locate.RuntimeLocation;
import dev.hangdoctor.cpython.locate.SupportedVersions;
import dev.hangdoctor.evidence.PythonStacks.LayoutSource;
import dev.hangdoctor.linux.memory.MemoryReadException;
import dev.hangdoctor.linux.memory.RemoteMemory;
import java.util.Optional;

/**
 * The one place that picks a {@link Layout}: by minor version, from the interpreter's own {@code
 * _Py_DebugOffsets} at {@code _PyRuntime + 0} on 3.13+ when that block is valid, else from
 * hangdoctor's table.
 */
public final class Layouts {
  private Layouts() {}

  /**
   * @throws UnsupportedPythonException for anything but CPython 3.11-3.14 with the GIL
   * @throws MemoryReadException when the block cannot be read because access is denied or the
   *     target exited (an unmapped block only means falling back to the table)
   */
  public static LayoutChoice forRuntime(RemoteMemory memory, RuntimeLocation location)
      throws UnsupportedPythonException, MemoryReadException {
    String version = location.major() + "." + location.minor();
    Optional<Layout> table =
        SupportedVersions.isSupported(location.major(), location.minor())
            ? LayoutTables.forMinor(location.minor())
            : Optional.empty();
    if (table.isEmpty()) {
      throw new UnsupportedPythonException("unsupported CPython " + version);
    }
    DebugOffsetsFormat format = DebugOffsetsFormat.forMinor(location.minor());
    if (format == null) {
      return new LayoutChoice(table.get(), LayoutSource.TABLE, null);
    }
    String reason;
    try {
      byte[] block = memory.read(location.runtimeAddress(), format.size());
      return new LayoutChoice(
          DebugOffsetsParser.parse(block, format, table.get(), location.versionHex()),
          LayoutSource.DEBUG_OFFSETS,
          null);
    } catch (MemoryReadException e) {
      if (e.reason() != MemoryReadException.Reason.UNMAPPED) {
        throw e;
      }
      reason = "unreadable: " + e.getMessage();
    } catch (InvalidDebugOffsetsException e) {
      if (e.freeThreaded()) {
        throw new UnsupportedPythonException(
            "unsupported CPython " + version + "t (free-threaded build)");
      }
      reason = e.getMessage();
    }
    return new LayoutChoice(
        table.get(),
        LayoutSource.TABLE,
        "_Py_DebugOffsets not used (" + reason + "); used hangdoctor's " + version + " table");
  }
}
