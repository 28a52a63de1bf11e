package dev.hangdoctor.cpython.activity;

import java.util.List;
import java.util.Optional;

/**
 * Decides, from anyio cancel scopes read innermost first, whether a cancel reaches the code inside
 * them: the first scope whose {@code cancel()} was called (by its deadline or by hand) cancels
 * everything it encloses, unless a shielded scope stands between. Pure: the scopes are read by
 * {@link WorkerJobs}.
 */
final class CancelScopes {
  private CancelScopes() {}

  /**
   * One anyio {@code CancelScope} as read from memory.
   *
   * @param cancelCalled its {@code _cancel_called}
   * @param shield its {@code _shield}
   * @param deadline its {@code _deadline} in the loop's clock ({@code time.monotonic()}), or {@link
   *     Double#POSITIVE_INFINITY} for none
   * @param reason the reason its cancel gave ({@code deadline exceeded}), or null
   */
  record Scope(boolean cancelCalled, boolean shield, double deadline, String reason) {
    boolean hasDeadline() {
      return !Double.isInfinite(deadline) && !Double.isNaN(deadline);
    }
  }

  /** The cancelled scope whose cancel reaches the innermost one, if any. */
  static Optional<Scope> reachingCancel(List<Scope> innermostFirst) {
    for (Scope scope : innermostFirst) {
      if (scope.cancelCalled()) {
        return Optional.of(scope);
      }
      if (scope.shield()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * What the worker's evidence says of the scope: {@code its cancel scope (deadline passed 12 s
   * ago: deadline exceeded) was cancelled}; {@code now} is the loop clock's present reading, or NaN
   * when unknown.
   */
  static String describe(Scope scope, double now) {
    StringBuilder text = new StringBuilder("the cancel scope around the call was cancelled");
    String reason = reasonText(scope.reason());
    if (scope.hasDeadline()) {
      text.append(" by its deadline (fail_after/move_on_after");
      if (!Double.isNaN(now) && now >= scope.deadline()) {
        text.append(String.format(", passed %.0f s ago", now - scope.deadline()));
      }
      text.append(')');
    } else if (reason != null) {
      text.append(" (").append(reason).append(')');
    }
    return text.append(
            ", but anyio shields the wait for a worker thread: the task waits on until the call"
                + " returns")
        .toString();
  }

  /** The part of anyio's {@code _cancel_reason} after {@code reason: }, or null. */
  static String reasonText(String reason) {
    if (reason == null) {
      return null;
    }
    int at = reason.indexOf("reason: ");
    return at < 0 ? null : reason.substring(at + "reason: ".length()).strip();
  }
}
