package dev.hangdoctor.cpython.locate;

/**
 * The CPython versions hangdoctor reads, stated once: the locator refuses the others with {@link
 * #DESCRIPTION}, and the layout chooser must have a layout for each of them.
 */
public final class SupportedVersions {
  /** The oldest supported minor version of CPython 3 (the first with {@code Py_Version}). */
  public static final int OLDEST_MINOR = 11;

  /** The newest supported minor version of CPython 3. */
  public static final int NEWEST_MINOR = 14;

  /** How the refusal of another version ends: {@code "hangdoctor reads 3.11 to 3.14"}. */
  public static final String DESCRIPTION =
      "hangdoctor reads 3." + OLDEST_MINOR + " to 3." + NEWEST_MINOR;

  private SupportedVersions() {}

  public static boolean isSupported(int major, int minor) {
    return major == 3 && minor >= OLDEST_MINOR && minor <= NEWEST_MINOR;
  }
}
