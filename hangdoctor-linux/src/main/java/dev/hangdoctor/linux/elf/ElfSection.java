package dev.hangdoctor.linux.elf;

/**
 * A section header ({@code Elf64_Shdr}) with its name resolved; {@code address} is {@code sh_addr},
 * the link-time address (add the load bias for a {@link ElfType#DYN} file).
 */
public record ElfSection(
    int index,
    String name,
    int type,
    long flags,
    long address,
    long offset,
    long size,
    int link,
    int info,
    long entrySize) {
  /** {@code SHT_NOBITS}: occupies no bytes in the file ({@code .bss}). */
  public static final int SHT_NOBITS = 8;
}
