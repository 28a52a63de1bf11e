package dev.hangdoctor.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what happened to a request into its {@link ProbeOutcome}: a failure by its exception (a
 * timeout or reset found anywhere in the cause chain wins, since TLS wraps them), a response by its
 * status and total time. Pure functions.
 */
public final class ProbeClassifier {
  private ProbeClassifier() {}

  public static ProbeOutcome ofFailure(IOException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketTimeoutException) {
        return ProbeOutcome.TIMEOUT;
      }
      if (isReset(cause)) {
        return ProbeOutcome.RESET;
      }
    }
    if (failure instanceof UnknownHostException) {
      return ProbeOutcome.DNS;
    }
    if (failure instanceof ConnectException) {
      String message = lower(failure.getMessage());
      if (message.contains("refused")) {
        return ProbeOutcome.REFUSED;
      }
      return message.contains("timed out") ? ProbeOutcome.TIMEOUT : ProbeOutcome.NETWORK;
    }
    if (failure instanceof SSLException) {
      return ProbeOutcome.TLS;
    }
    if (failure instanceof MalformedResponseException) {
      return ProbeOutcome.BAD_RESPONSE;
    }
    return ProbeOutcome.NETWORK;
  }

  public static ProbeOutcome ofResponse(int status, Duration total, Duration slow) {
    if (status >= 400) {
      return ProbeOutcome.HTTP_ERROR;
    }
    return total.compareTo(slow) > 0 ? ProbeOutcome.SLOW : ProbeOutcome.OK;
  }

  private static boolean isReset(Throwable cause) {
    if (!(cause instanceof SocketException)) {
      return false;
    }
    String message = lower(cause.getMessage());
    return message.contains("connection reset") || message.contains("broken pipe");
  }

  private static String lower(String message) {
    return message == null ? "" : message.toLowerCase(Locale.ROOT);
  }
}
