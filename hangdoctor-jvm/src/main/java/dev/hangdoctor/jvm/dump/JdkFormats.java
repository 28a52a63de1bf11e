package dev.hangdoctor.jvm.dump;

import java.util.List;

/**
 * What each JDK's thread dumps and attach listener offer, in one table, chosen by feature version.
 * Verified on 17 and 25; the 21–24 rows come from the JDK sources and change logs.
 *
 * @param fromFeature the first feature version this row describes
 * @param virtualThreads virtual threads exist (final in 21)
 * @param jsonDump {@code Thread.dump_to_file -format=json} exists (21), the only view of unmounted
 *     virtual threads
 * @param jsonLocks the JSON dump carries state, parkBlocker, blockedOn, waitingOn and monitorsOwned
 *     (25; a 21 dump has names and stacks only)
 * @param synchronizedPins a virtual thread blocking inside {@code synchronized} pins its carrier
 *     (21–23; JEP 491 made monitors release the carrier from 24)
 * @param decimalNid {@code nid=} is printed in decimal (25) rather than hex (17)
 */
public record JdkFormats(
    int fromFeature,
    boolean virtualThreads,
    boolean jsonDump,
    boolean jsonLocks,
    boolean synchronizedPins,
    boolean decimalNid) {

  /** Newest first; the first row whose {@code fromFeature} is not above the JVM's applies. */
  static final List<JdkFormats> TABLE =
      List.of(
          new JdkFormats(25, true, true, true, false, true),
          new JdkFormats(24, true, true, false, false, true),
          new JdkFormats(21, true, true, false, true, true),
          new JdkFormats(19, false, false, false, false, true),
          new JdkFormats(0, false, false, false, false, false));

  /** The row for JDK {@code feature} (0 when unknown: the oldest row, which offers least). */
  public static JdkFormats of(int feature) {
    for (JdkFormats row : TABLE) {
      if (feature >= row.fromFeature()) {
        return row;
      }
    }
    return TABLE.get(TABLE.size() - 1);
  }

  /**
   * The feature version in a version string as the JVM prints it: {@code 17.0.15+6-Debian-1deb12u1}
   * → 17, {@code 25.0.3+9-LTS} → 25, {@code 1.8.0_402-b06} → 8; 0 when it is not one.
   */
  public static int featureOf(String version) {
    if (version == null) {
      return 0;
    }
    String text = version.trim();
    if (text.startsWith("1.")) {
      text = text.substring(2);
    }
    int end = 0;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(text.substring(0, end));
  }
}
