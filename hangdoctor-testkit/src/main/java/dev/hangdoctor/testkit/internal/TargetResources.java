package dev.hangdoctor.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Loads target sources and scripts from {@code /dev/hangdoctor/testkit/targets/} on the classpath.
 */
public final class TargetResources {
  private static final String FOLDER = "/dev/hangdoctor/testkit/targets/";

  private TargetResources() {}

  /**
   * The bytes of target resource {@code name}.
   *
   * @throws AssertionError if there is no such resource
   */
  public static byte[] read(String name) {
    try (InputStream in = TargetResources.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new AssertionError("no target resource " + FOLDER + name + " on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read target resource " + FOLDER + name, e);
    }
  }

  /** A short hex digest of {@code parts}, used to key cached files by content. */
  public static String digest(byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        sha.update(part);
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
