package dev.hangdoctor.linux.unwind;

/** A call-frame or line table that does not parse: the unwinder or symboliser stops there. */
public final class DwarfFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DwarfFormatException(String message) {
    super(message);
  }
}
