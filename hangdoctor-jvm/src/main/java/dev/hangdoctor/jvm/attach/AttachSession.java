package dev.hangdoctor.jvm.attach;

import dev.hangdoctor.jvm.attach.AttachException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * An attached JVM: its listener socket and the request version it speaks. Each request is its own
 * connection (the listener answers one request per connection), under the answer deadline.
 */
public final class AttachSession {
  private static final Map<String, String> BUFFERED = Map.of("streaming", "0");

  private final AttachTarget target;
  private final Path socket;
  private final int version;
  private final Duration answer;

  AttachSession(AttachTarget target, Path socket, int version, Duration answer) {
    this.target = target;
    this.socket = socket;
    this.version = version;
    this.answer = answer;
  }

  AttachSession withVersion(int requestVersion) {
    return new AttachSession(target, socket, requestVersion, answer);
  }

  public AttachTarget target() {
    return target;
  }

  public Path socket() {
    return socket;
  }

  /** 1 or 2: the request version this JVM's listener speaks. */
  public int version() {
    return version;
  }

  /** Sends {@code request} and returns the reply, whatever its status. */
  public AttachReply execute(AttachRequest request) throws AttachException {
    byte[] bytes = AttachConnection.exchange(socket, request, Deadline.in(answer));
    return AttachReplyParser.parse(bytes, bytes.length)
        .orElseThrow(
            () ->
                new AttachException(
                    Reason.REJECTED,
                    "the JVM closed the connection without answering "
                        + request.describe()
                        + " (it admits only its own user and group, or root)"));
  }

  /**
   * Runs a diagnostic command ({@code Thread.print -l -e}) and returns its output. On a JVM that
   * speaks version 2 the output is asked unstreamed ({@code streaming=0}): the VM then writes the
   * dump into memory at its safepoint instead of into our socket.
   *
   * @throws AttachException with reason {@code COMMAND_FAILED} when the JVM refused the command
   */
  public String jcmd(String commandLine) throws AttachException {
    AttachReply reply = execute(AttachRequest.jcmd(version, BUFFERED, commandLine));
    if (!reply.ok()) {
      throw new AttachException(
          Reason.COMMAND_FAILED,
          "the JVM refused '"
              + commandLine
              + "' (status "
              + reply.status()
              + "): "
              + reply.firstLine());
    }
    return reply.output();
  }

  /**
   * Describes how requests are sent: {@code attach protocol v2 on /proc/77/root/tmp/.java_pid1}.
   */
  public String describe() {
    return "attach protocol v" + version + " on " + socket;
  }
}
