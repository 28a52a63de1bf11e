package dev.hangdoctor.linux.elf;

/** The ELF header's {@code e_type}. */
public enum ElfType {
  /** {@code ET_NONE}. */
  NONE,
  /** {@code ET_REL}: an object file. */
  REL,
  /** {@code ET_EXEC}: loaded at its link addresses (a non-PIE executable); load bias 0. */
  EXEC,
  /** {@code ET_DYN}: a shared library or PIE executable, loaded at a bias chosen at run time. */
  DYN,
  /** {@code ET_CORE}. */
  CORE,
  /** Any other (OS or processor specific) value. */
  OTHER;

  static ElfType of(int value) {
    return switch (value) {
      case 0 -> NONE;
      case 1 -> REL;
      case 2 -> EXEC;
      case 3 -> DYN;
      case 4 -> CORE;
      default -> OTHER;
    };
  }
}
