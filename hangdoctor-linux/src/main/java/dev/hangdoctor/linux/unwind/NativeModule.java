package dev.hangdoctor.linux.unwind;

import dev.hangdoctor.linux.elf.ElfFile;
import dev.hangdoctor.linux.elf.ElfFormatException;
import dev.hangdoctor.linux.elf.ElfSection;
import dev.hangdoctor.linux.elf.ElfSegment;
import dev.hangdoctor.linux.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the unwinder and symboliser need from one ELF file: its call-frame table ({@code
 * .eh_frame}), its function symbols sorted by address, and its DWARF line table when it has one.
 * Addresses here are link-time addresses; subtract the mapping's load bias first. Built from the
 * file's bytes, a pure function of them.
 */
public final class NativeModule {
  private final ElfFile elf;
  private final EhFrameParser ehFrame;
  private final long[] symbolStarts;
  private final long[] symbolEnds;
  private final String[] symbolNames;
  private final LineTable lines;

  private NativeModule(
      ElfFile elf, EhFrameParser ehFrame, List<ElfSymbol> symbols, LineTable lines) {
    this.elf = elf;
    this.ehFrame = ehFrame;
    this.lines = lines;
    List<ElfSymbol> sorted = new ArrayList<>(symbols);
    sorted.removeIf(s -> s.value() == 0 || s.name().isEmpty());
    sorted.sort((a, b) -> Long.compareUnsigned(a.value(), b.value()));
    symbolStarts = new long[sorted.size()];
    symbolEnds = new long[sorted.size()];
    symbolNames = new String[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      symbolStarts[i] = sorted.get(i).value();
      symbolEnds[i] = sorted.get(i).value() + Math.max(1, sorted.get(i).size());
      symbolNames[i] = sorted.get(i).name();
    }
  }

  /** Parses the whole file {@code bytes}. */
  public static NativeModule parse(byte[] bytes) throws ElfFormatException {
    ElfFile elf = ElfFile.parse(bytes);
    EhFrameParser ehFrame =
        elf.section(".eh_frame")
            .map(s -> EhFrameParser.parse(slice(bytes, s), s.address()))
            .orElseGet(() -> EhFrameParser.parse(new byte[0], 0));
    LineTable lines = LineTable.EMPTY;
    Optional<ElfSection> debugLine = elf.section(".debug_line");
    if (debugLine.isPresent()) {
      lines =
          DwarfLineParser.parse(
              slice(bytes, debugLine.get()),
              elf.section(".debug_line_str").map(s -> slice(bytes, s)).orElse(null),
              elf.section(".debug_str").map(s -> slice(bytes, s)).orElse(null));
    }
    return new NativeModule(elf, ehFrame, elf.functionSymbols(), lines);
  }

  private static byte[] slice(byte[] bytes, ElfSection section) {
    if (section.type() == ElfSection.SHT_NOBITS
        || section.offset() < 0
        || section.offset() + section.size() > bytes.length) {
      return new byte[0];
    }
    return Arrays.copyOfRange(
        bytes, (int) section.offset(), (int) (section.offset() + section.size()));
  }

  /**
   * The load bias of this file when its bytes at {@code fileOffset} are mapped at {@code mappedAt}:
   * runtime address minus link-time address.
   */
  public long bias(long mappedAt, long fileOffset) {
    for (ElfSegment segment : elf.loadSegments()) {
      long pageOffset = segment.offset() & ~0xfffL;
      if (pageOffset == fileOffset) {
        return mappedAt - (segment.virtualAddress() & ~0xfffL);
      }
    }
    return mappedAt - fileOffset;
  }

  public EhFrameParser ehFrame() {
    return ehFrame;
  }

  /** The function covering link-time address {@code pc} and the offset into it. */
  public Optional<Symbolised> function(long pc) {
    int low = 0;
    int high = symbolStarts.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(symbolStarts[mid], pc) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    // several symbols may start at one address (aliases): any whose range covers pc
    for (int i = found; i >= 0 && symbolStarts[i] == symbolStarts[Math.max(found, 0)]; i--) {
      if (Long.compareUnsigned(pc, symbolEnds[i]) < 0) {
        return Optional.of(new Symbolised(symbolNames[i], pc - symbolStarts[i]));
      }
    }
    return Optional.empty();
  }

  /** The address of function {@code name}, when the symbol tables have it. */
  public Optional<Long> address(String name) {
    for (int i = 0; i < symbolNames.length; i++) {
      if (symbolNames[i].equals(name)) {
        return Optional.of(symbolStarts[i]);
      }
    }
    return Optional.empty();
  }

  public LineTable lines() {
    return lines;
  }

  /** A function name and the offset of an address into it. */
  public record Symbolised(String name, long offset) {}
}
