package dev.hangdoctor.linux.elf;

/** The bytes are not a well-formed 64-bit little-endian ELF file; the message says where. */
public final class ElfFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ElfFormatException(String message) {
    super(message);
  }
}
