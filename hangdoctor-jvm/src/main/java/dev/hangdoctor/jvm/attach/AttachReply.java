package dev.hangdoctor.jvm.attach;

/**
 * What the JVM answered: the status on the first line ({@code 0} success; {@code -1} a command or
 * argument it rejected; {@code 101} a request version it does not speak) and the output after it.
 * JDK 21+ streams the output and sends status 0 before running the command, so an error while it
 * runs arrives as text after a 0: callers inspect {@code output} too.
 */
public record AttachReply(int status, String output) {
  /** The status of a request version the listener does not speak (ATTACH_ERROR_BADVERSION). */
  public static final int BAD_VERSION = 101;

  public boolean ok() {
    return status == 0;
  }

  /** The first line of the output, for one-line error messages. */
  public String firstLine() {
    String text = output.strip();
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end).strip();
  }
}
