package dev.hangdoctor.linux.unwind;

import dev.hangdoctor.evidence.NativeFrame;
import dev.hangdoctor.linux.memory.MemoryMapping;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A process's mappings with the ELF file behind each executable one: turns a runtime code address
 * into its module, link-time address and symbol. {@code modules} loads (and may cache) a mapping's
 * file; {@code executable} is the path of the process's main program.
 */
public final class AddressSpace {
  private static final List<String> SYSTEM_DIRECTORIES =
      List.of("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/", "/opt/");

  private final List<MemoryMapping> mappings;
  private final Function<MemoryMapping, Optional<NativeModule>> modules;
  private final String executable;

  public AddressSpace(
      List<MemoryMapping> mappings,
      Function<MemoryMapping, Optional<NativeModule>> modules,
      String executable) {
    this.mappings = List.copyOf(mappings);
    this.modules = modules;
    this.executable = executable;
  }

  /** The executable file mapping containing {@code address}. */
  public Optional<MemoryMapping> codeMapping(long address) {
    for (MemoryMapping mapping : mappings) {
      if (mapping.contains(address)) {
        return mapping.executable() && mapping.isFile() ? Optional.of(mapping) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The module of {@code address} and its link-time address, when it is mapped code. */
  public Optional<Located> locate(long address) {
    Optional<MemoryMapping> mapping = codeMapping(address);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    Optional<NativeModule> module = modules.apply(mapping.get());
    return module.map(
        m ->
            new Located(
                mapping.get(), m, address - m.bias(mapping.get().start(), mapping.get().offset())));
  }

  /**
   * The frame of {@code pc}; {@code lookupDelta} is subtracted before looking it up (1 for a return
   * address, which points after its call instruction).
   */
  public NativeFrame frame(long pc, int lookupDelta, boolean entry) {
    Optional<Located> located = locate(pc);
    if (located.isEmpty()) {
      String module = codeMapping(pc).map(MemoryMapping::path).orElse(null);
      return new NativeFrame(pc, null, 0, null, -1, module, false, entry);
    }
    Located at = located.get();
    long lookup = at.linkAddress() - lookupDelta;
    Optional<NativeModule.Symbolised> symbol = at.module().function(lookup);
    Optional<LineTable.SourcePosition> source = at.module().lines().lookup(lookup);
    String path = at.mapping().path();
    return new NativeFrame(
        pc,
        symbol.map(NativeModule.Symbolised::name).orElse(null),
        symbol.map(s -> s.offset() + lookupDelta).orElse(0L),
        source.map(LineTable.SourcePosition::file).orElse(null),
        source.map(LineTable.SourcePosition::line).orElse(-1),
        path,
        isUser(path),
        entry);
  }

  /** The program's own code: its executable, or a library outside the system's directories. */
  boolean isUser(String path) {
    if (path.equals(executable)) {
      return true;
    }
    return SYSTEM_DIRECTORIES.stream().noneMatch(path::startsWith);
  }

  /** A code address resolved to its mapping, module and link-time address. */
  public record Located(MemoryMapping mapping, NativeModule module, long linkAddress) {}
}
