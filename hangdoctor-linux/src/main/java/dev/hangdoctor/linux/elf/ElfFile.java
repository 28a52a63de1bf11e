package dev.hangdoctor.linux.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A parsed 64-bit little-endian ELF file: its type, program headers, named sections and its {@code
 * .dynsym} and {@code .symtab} symbol tables. Parsing checks every offset and count against the
 * input and refuses tables larger than {@value #MAX_TABLE_BYTES} bytes, so malformed input gives an
 * {@link ElfFormatException} and never a huge allocation. Immutable and thread-safe once parsed,
 * provided the bytes given to {@link #parse(ByteBuffer)} are not modified.
 */
public final class ElfFile {
  /** The largest header table, string table or symbol table the parser will read. */
  public static final int MAX_TABLE_BYTES = 64 * 1024 * 1024;

  private static final int EHDR_SIZE = 64;
  private static final int PHDR_SIZE = 56;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;
  private static final int MAX_NAME_BYTES = 4096;
  private static final int HEADER_BYTES_LIMIT = 4096;
  private static final int SHN_UNDEF = 0;
  private static final int SHN_XINDEX = 0xffff;
  private static final int PN_XNUM = 0xffff;
  private static final int SHT_SYMTAB = 2;
  private static final int SHT_STRTAB = 3;
  private static final int SHT_DYNSYM = 11;
  private static final int STT_FUNC = 2;
  private static final int STT_GNU_IFUNC = 10;

  private final String origin;
  private final ElfType type;
  private final int machine;
  private final List<ElfSegment> segments;
  private final List<ElfSection> sections;
  private final SymbolTable dynamicSymbols;
  private final SymbolTable staticSymbols;
  private final byte[] headerBytes;

  private ElfFile(
      String origin,
      ElfType type,
      int machine,
      List<ElfSegment> segments,
      List<ElfSection> sections,
      SymbolTable dynamicSymbols,
      SymbolTable staticSymbols,
      byte[] headerBytes) {
    this.origin = origin;
    this.type = type;
    this.machine = machine;
    this.segments = segments;
    this.sections = sections;
    this.dynamicSymbols = dynamicSymbols;
    this.staticSymbols = staticSymbols;
    this.headerBytes = headerBytes;
  }

  /** Parses {@code bytes}, which are used in place: do not modify them afterwards. */
  public static ElfFile parse(byte[] bytes) throws ElfFormatException {
    return parse(ByteBuffer.wrap(bytes));
  }

  /**
   * Parses the remaining bytes of {@code buffer} (its position and limit are left alone). The bytes
   * are used in place: do not modify them afterwards.
   */
  public static ElfFile parse(ByteBuffer buffer) throws ElfFormatException {
    return parse(ElfInput.of(buffer), "ELF bytes");
  }

  /**
   * Reads and parses the file at {@code path}, reading only its headers and the tables it needs.
   *
   * @throws ElfFormatException when the file is malformed or larger than {@code maxFileBytes}
   * @throws IOException when the file cannot be opened or read
   */
  public static ElfFile parse(Path path, long maxFileBytes) throws IOException, ElfFormatException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      if (channel.size() > maxFileBytes) {
        throw new ElfFormatException(
            path + ": " + channel.size() + " bytes is more than the limit of " + maxFileBytes);
      }
      return parse(ElfInput.of(channel, path.toString()), path.toString());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public ElfType type() {
    return type;
  }

  /** {@code e_machine}: 62 for x86_64. */
  public int machine() {
    return machine;
  }

  /** All program headers, in file order. */
  public List<ElfSegment> segments() {
    return segments;
  }

  /** The {@code PT_LOAD} program headers, in file order. */
  public List<ElfSegment> loadSegments() {
    return segments.stream().filter(ElfSegment::isLoad).toList();
  }

  /** The {@code PT_LOAD} segment with the lowest virtual address: the one mapped first. */
  public Optional<ElfSegment> firstLoadSegment() {
    return segments.stream()
        .filter(ElfSegment::isLoad)
        .min(Comparator.comparing(ElfSegment::virtualAddress, Long::compareUnsigned));
  }

  /** All section headers by index; empty when the file has none (section headers stripped). */
  public List<ElfSection> sections() {
    return sections;
  }

  /** The first section called {@code name}, e.g. {@code .PyRuntime}. */
  public Optional<ElfSection> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The defined symbol {@code name} from {@code .dynsym}, else from {@code .symtab}. */
  public Optional<ElfSymbol> symbol(String name) {
    Optional<ElfSymbol> dynamic = dynamicSymbol(name);
    return dynamic.isPresent() ? dynamic : staticSymbol(name);
  }

  /** The defined symbol {@code name} in {@code .dynsym}. */
  public Optional<ElfSymbol> dynamicSymbol(String name) {
    return dynamicSymbols == null ? Optional.empty() : dynamicSymbols.find(name);
  }

  /** The defined symbol {@code name} in {@code .symtab}. */
  public Optional<ElfSymbol> staticSymbol(String name) {
    return staticSymbols == null ? Optional.empty() : staticSymbols.find(name);
  }

  /**
   * Every defined function symbol ({@code STT_FUNC}, or {@code STT_GNU_IFUNC}) of {@code .symtab}
   * and {@code .dynsym}, in table order (both tables may name the same function).
   */
  public List<ElfSymbol> functionSymbols() {
    List<ElfSymbol> functions = new ArrayList<>();
    if (staticSymbols != null) {
      staticSymbols.addFunctions(functions);
    }
    if (dynamicSymbols != null) {
      dynamicSymbols.addFunctions(functions);
    }
    return functions;
  }

  public boolean hasDynamicSymbols() {
    return dynamicSymbols != null;
  }

  public boolean hasStaticSymbols() {
    return staticSymbols != null;
  }

  /**
   * The file's first bytes: the ELF header and, when it lies in the first page, the program header
   * table. The loader maps them at the start of the first segment, so comparing them with the
   * process's memory tells whether a mapped file is this file.
   */
  public byte[] headerBytes() {
    return headerBytes.clone();
  }

  @Override
  public String toString() {
    return origin + " (" + type + ", " + sections.size() + " sections)";
  }

  private static ElfFile parse(ElfInput in, String origin) throws ElfFormatException {
    Parser parser = new Parser(in, origin);
    return parser.parse();
  }

  private static final class Parser {
    private final ElfInput in;
    private final String origin;

    Parser(ElfInput in, String origin) {
      this.in = in;
      this.origin = origin;
    }

    ElfFile parse() throws ElfFormatException {
      if (in.size() < EHDR_SIZE) {
        throw fail("only " + in.size() + " bytes, shorter than an ELF header");
      }
      ByteBuffer header = in.read(0, EHDR_SIZE);
      if (header.get(0) != 0x7f
          || header.get(1) != 'E'
          || header.get(2) != 'L'
          || header.get(3) != 'F') {
        throw fail("no ELF magic");
      }
      if (header.get(4) != 2) {
        throw fail("not a 64-bit ELF file (class " + header.get(4) + ")");
      }
      if (header.get(5) != 1) {
        throw fail("not a little-endian ELF file (data encoding " + header.get(5) + ")");
      }
      ElfType type = ElfType.of(u16(header, 16));
      int machine = u16(header, 18);
      long phoff = header.getLong(32);
      long shoff = header.getLong(40);
      int phentsize = u16(header, 54);
      long phnum = u16(header, 56);
      int shentsize = u16(header, 58);
      long shnum = u16(header, 60);
      int shstrndx = u16(header, 62);

      if (shoff != 0 && (shnum == 0 || phnum == PN_XNUM || shstrndx == SHN_XINDEX)) {
        checkEntrySize(shentsize, SHDR_SIZE, "section header");
        checkRange(shoff, SHDR_SIZE, "section header 0");
        ByteBuffer first = in.read(shoff, SHDR_SIZE);
        if (shnum == 0) {
          shnum = first.getLong(32);
        }
        if (phnum == PN_XNUM) {
          phnum = u32(first, 44);
        }
        if (shstrndx == SHN_XINDEX) {
          shstrndx = (int) Math.min(u32(first, 40), Integer.MAX_VALUE);
        }
      }
      if (shoff == 0) {
        shnum = 0;
      }

      List<ElfSegment> segments = readSegments(phoff, phnum, phentsize);
      List<ElfSection> sections = readSections(shoff, shnum, shentsize, shstrndx);
      SymbolTable dynamic = readSymbols(sections, SHT_DYNSYM);
      SymbolTable statics = readSymbols(sections, SHT_SYMTAB);
      return new ElfFile(
          origin,
          type,
          machine,
          segments,
          sections,
          dynamic,
          statics,
          headerBytes(phoff, phnum, phentsize));
    }

    private List<ElfSegment> readSegments(long phoff, long phnum, int phentsize)
        throws ElfFormatException {
      if (phnum == 0) {
        return List.of();
      }
      checkEntrySize(phentsize, PHDR_SIZE, "program header");
      ByteBuffer table = readTable(phoff, phnum, phentsize, "program header table");
      List<ElfSegment> segments = new ArrayList<>((int) phnum);
      for (int i = 0; i < phnum; i++) {
        int at = i * phentsize;
        segments.add(
            new ElfSegment(
                table.getInt(at),
                table.getInt(at + 4),
                table.getLong(at + 8),
                table.getLong(at + 16),
                table.getLong(at + 32),
                table.getLong(at + 40),
                table.getLong(at + 48)));
      }
      return List.copyOf(segments);
    }

    private List<ElfSection> readSections(long shoff, long shnum, int shentsize, int shstrndx)
        throws ElfFormatException {
      if (shnum == 0) {
        return List.of();
      }
      checkEntrySize(shentsize, SHDR_SIZE, "section header");
      ByteBuffer table = readTable(shoff, shnum, shentsize, "section header table");
      ByteBuffer names = null;
      if (shstrndx != SHN_UNDEF) {
        if (shstrndx >= shnum) {
          throw fail("section name table index " + shstrndx + " is not below " + shnum);
        }
        int at = shstrndx * shentsize;
        names =
            readData(
                table.getInt(at + 4),
                table.getLong(at + 24),
                table.getLong(at + 32),
                "section name table");
      }
      List<ElfSection> sections = new ArrayList<>((int) shnum);
      for (int i = 0; i < shnum; i++) {
        int at = i * shentsize;
        long nameOffset = u32(table, at);
        String name = names == null ? "" : string(names, nameOffset, "section " + i + " name");
        sections.add(
            new ElfSection(
                i,
                name,
                table.getInt(at + 4),
                table.getLong(at + 8),
                table.getLong(at + 16),
                table.getLong(at + 24),
                table.getLong(at + 32),
                table.getInt(at + 40),
                table.getInt(at + 44),
                table.getLong(at + 56)));
      }
      return List.copyOf(sections);
    }

    private SymbolTable readSymbols(List<ElfSection> sections, int sectionType)
        throws ElfFormatException {
      ElfSection symbols =
          sections.stream().filter(s -> s.type() == sectionType).findFirst().orElse(null);
      if (symbols == null) {
        return null;
      }
      String what = symbols.name().isEmpty() ? "symbol table " + symbols.index() : symbols.name();
      if (symbols.entrySize() != SYM_SIZE) {
        throw fail(what + " has entry size " + symbols.entrySize() + ", not " + SYM_SIZE);
      }
      if (Integer.toUnsignedLong(symbols.link()) >= sections.size()) {
        throw fail(what + " links to string table " + symbols.link() + " which does not exist");
      }
      ElfSection strings = sections.get(symbols.link());
      if (strings.type() != SHT_STRTAB) {
        throw fail(what + " links to section " + strings.index() + " which is no string table");
      }
      ByteBuffer entries =
          readData(symbols.type(), symbols.offset(), symbols.size() / SYM_SIZE * SYM_SIZE, what);
      ByteBuffer names =
          readData(strings.type(), strings.offset(), strings.size(), what + " string table");
      return new SymbolTable(entries, names);
    }

    private ByteBuffer readTable(long offset, long count, int entrySize, String what)
        throws ElfFormatException {
      if (count > MAX_TABLE_BYTES / entrySize) {
        throw fail(what + " has " + count + " entries, too many");
      }
      return readData(0, offset, count * entrySize, what);
    }

    private ByteBuffer readData(int sectionType, long offset, long length, String what)
        throws ElfFormatException {
      if (sectionType == ElfSection.SHT_NOBITS) {
        throw fail(what + " occupies no bytes in the file");
      }
      if (length > MAX_TABLE_BYTES) {
        throw fail(what + " is " + Long.toUnsignedString(length) + " bytes, too large");
      }
      checkRange(offset, length, what);
      return in.read(offset, (int) length);
    }

    private byte[] headerBytes(long phoff, long phnum, int phentsize) throws ElfFormatException {
      long end = EHDR_SIZE;
      long tableEnd = phoff + phnum * phentsize;
      if (phnum > 0 && phoff >= 0 && tableEnd > end && tableEnd <= HEADER_BYTES_LIMIT) {
        end = Math.min(tableEnd, in.size());
      }
      ByteBuffer bytes = in.read(0, (int) end);
      byte[] copy = new byte[(int) end];
      bytes.get(copy);
      return copy;
    }

    private void checkRange(long offset, long length, String what) throws ElfFormatException {
      if (offset < 0 || length < 0 || offset > in.size() - length) {
        throw fail(
            what
                + " at offset "
                + Long.toUnsignedString(offset)
                + " with "
                + Long.toUnsignedString(length)
                + " bytes lies outside the "
                + in.size()
                + "-byte file");
      }
    }

    private void checkEntrySize(int actual, int minimum, String what) throws ElfFormatException {
      if (actual < minimum) {
        throw fail(what + " entry size " + actual + " is smaller than " + minimum);
      }
    }

    private String string(ByteBuffer table, long offset, String what) throws ElfFormatException {
      if (offset >= table.limit()) {
        throw fail(what + " at " + offset + " lies outside its string table");
      }
      int start = (int) offset;
      int limit = Math.min(table.limit(), start + MAX_NAME_BYTES);
      for (int i = start; i < limit; i++) {
        if (table.get(i) == 0) {
          byte[] bytes = new byte[i - start];
          table.get(start, bytes);
          return new String(bytes, StandardCharsets.UTF_8);
        }
      }
      throw fail(what + " at " + offset + " is not terminated");
    }

    private ElfFormatException fail(String message) {
      return new ElfFormatException(origin + ": " + message);
    }
  }

  private static int u16(ByteBuffer buffer, int at) {
    return buffer.getShort(at) & 0xffff;
  }

  private static long u32(ByteBuffer buffer, int at) {
    return Integer.toUnsignedLong(buffer.getInt(at));
  }

  /** Entries and names of one symbol table, searched linearly by name. */
  private static final class SymbolTable {
    private final ByteBuffer entries;
    private final ByteBuffer names;

    SymbolTable(ByteBuffer entries, ByteBuffer names) {
      this.entries = entries;
      this.names = names;
    }

    Optional<ElfSymbol> find(String name) {
      byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
      int count = entries.limit() / SYM_SIZE;
      for (int i = 1; i < count; i++) {
        int at = i * SYM_SIZE;
        int sectionIndex = u16(entries, at + 6);
        if (sectionIndex != SHN_UNDEF && nameMatches(u32(entries, at), wanted)) {
          return Optional.of(
              new ElfSymbol(name, entries.getLong(at + 8), entries.getLong(at + 16), sectionIndex));
        }
      }
      return Optional.empty();
    }

    void addFunctions(List<ElfSymbol> into) {
      int count = entries.limit() / SYM_SIZE;
      for (int i = 1; i < count; i++) {
        int at = i * SYM_SIZE;
        int kind = entries.get(at + 4) & 0xf;
        int sectionIndex = u16(entries, at + 6);
        if ((kind == STT_FUNC || kind == STT_GNU_IFUNC) && sectionIndex != SHN_UNDEF) {
          into.add(
              new ElfSymbol(
                  name(u32(entries, at)),
                  entries.getLong(at + 8),
                  entries.getLong(at + 16),
                  sectionIndex));
        }
      }
    }

    private String name(long offset) {
      if (offset < 0 || offset >= names.limit()) {
        return "";
      }
      int start = (int) offset;
      int end = start;
      while (end < names.limit() && end - start < MAX_NAME_BYTES && names.get(end) != 0) {
        end++;
      }
      byte[] bytes = new byte[end - start];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = names.get(start + i);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }

    private boolean nameMatches(long offset, byte[] wanted) {
      if (offset + wanted.length >= names.limit()) {
        return false;
      }
      int start = (int) offset;
      if (names.get(start + wanted.length) != 0) {
        return false;
      }
      for (int i = 0; i < wanted.length; i++) {
        if (names.get(start + i) != wanted[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
