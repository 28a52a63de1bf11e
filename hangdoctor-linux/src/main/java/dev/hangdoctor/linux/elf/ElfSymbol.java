package dev.hangdoctor.linux.elf;

/**
 * A defined symbol: {@code value} is {@code st_value} (the link-time address; add the load bias for
 * a {@link ElfType#DYN} file), {@code size} is {@code st_size}, {@code sectionIndex} is {@code
 * st_shndx}.
 */
public record ElfSymbol(String name, long value, long size, int sectionIndex) {}
