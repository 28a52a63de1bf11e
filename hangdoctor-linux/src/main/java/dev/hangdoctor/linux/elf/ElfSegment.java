package dev.hangdoctor.linux.elf;

/** A program header ({@code Elf64_Phdr}); {@link #isLoad()} for the {@code PT_LOAD} ones. */
public record ElfSegment(
    int type,
    int flags,
    long offset,
    long virtualAddress,
    long fileSize,
    long memorySize,
    long alignment) {
  /** {@code PT_LOAD}. */
  public static final int PT_LOAD = 1;

  /** {@code PT_NOTE}. */
  public static final int PT_NOTE = 4;

  public boolean isLoad() {
    return type == PT_LOAD;
  }
}
