package dev.hangdoctor.cpython.objects;

import java.util.Map;

/**
 * Runtime addresses of the target's {@code PyDict_Type}, {@code PyUnicode_Type} and {@code
 * PyLong_Type}, each 0 when unknown. A known address lets an object of exactly that type pass
 * without reading its type object; any other object is still accepted if its type's flags say it is
 * a subclass.
 */
public record TypeAddresses(long dictType, long strType, long intType) {
  private static final TypeAddresses UNKNOWN = new TypeAddresses(0, 0, 0);

  /** No address known: every object is checked through its type's flags. */
  public static TypeAddresses unknown() {
    return UNKNOWN;
  }

  /**
   * The addresses among {@code symbols} (symbol name to runtime address, as found in the target's
   * ELF), missing ones as 0.
   */
  public static TypeAddresses fromSymbols(Map<String, Long> symbols) {
    return new TypeAddresses(
        symbols.getOrDefault("PyDict_Type", 0L),
        symbols.getOrDefault("PyUnicode_Type", 0L),
        symbols.getOrDefault("PyLong_Type", 0L));
  }
}
