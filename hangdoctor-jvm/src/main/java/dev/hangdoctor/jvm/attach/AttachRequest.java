package dev.hangdoctor.jvm.attach;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The bytes of one attach request, as HotSpot's listener reads them. Version 1 (every JDK): {@code
 * "1" NUL cmd NUL a0 NUL a1 NUL a2 NUL}, exactly three arguments, the command at most 16 bytes and
 * each argument at most 1,024. Version 2 (JDK 24+): {@code "2" NUL size NUL cmd[" "opt=val,…] NUL
 * (arg NUL)*}, where {@code size} counts every byte after it. A pure function of its input.
 */
public record AttachRequest(int version, String command, List<String> arguments, byte[] bytes) {
  /** Version 1's limits, enforced by the listener (it drops the connection beyond them). */
  static final int V1_MAX_COMMAND_BYTES = 16;

  static final int V1_MAX_ARGUMENT_BYTES = 1024;
  static final int V1_ARGUMENTS = 3;

  /** Version 2's limit on everything after the size field. */
  static final int V2_MAX_BYTES = 256 * 1024;

  public AttachRequest {
    arguments = List.copyOf(arguments);
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * A version 1 request.
   *
   * @throws IllegalArgumentException when the command or an argument is too long, or there are more
   *     than three arguments
   */
  public static AttachRequest v1(String command, String... arguments) {
    if (arguments.length > V1_ARGUMENTS) {
      throw new IllegalArgumentException("a version 1 request takes at most 3 arguments");
    }
    if (utf8(command).length > V1_MAX_COMMAND_BYTES) {
      throw new IllegalArgumentException("attach command longer than 16 bytes: " + command);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    string(out, "1");
    string(out, command);
    List<String> all = new ArrayList<>(List.of(arguments));
    while (all.size() < V1_ARGUMENTS) {
      all.add("");
    }
    for (String argument : all) {
      if (utf8(argument).length > V1_MAX_ARGUMENT_BYTES) {
        throw new IllegalArgumentException("attach argument longer than 1024 bytes");
      }
      string(out, argument);
    }
    return new AttachRequest(1, command, List.of(arguments), out.toByteArray());
  }

  /**
   * A version 2 request with {@code options} (e.g. {@code streaming=0}) after the command.
   *
   * @throws IllegalArgumentException when the request is larger than the listener accepts
   */
  public static AttachRequest v2(String command, Map<String, String> options, String... arguments) {
    String head =
        options.isEmpty()
            ? command
            : command
                + " "
                + options.entrySet().stream()
                    .map(option -> option.getKey() + "=" + option.getValue())
                    .collect(Collectors.joining(","));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    string(body, head);
    for (String argument : arguments) {
      string(body, argument);
    }
    if (body.size() > V2_MAX_BYTES) {
      throw new IllegalArgumentException("attach request larger than 256 KiB");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    string(out, "2");
    string(out, Integer.toString(body.size()));
    out.writeBytes(body.toByteArray());
    return new AttachRequest(2, command, List.of(arguments), out.toByteArray());
  }

  /** {@code jcmd "Thread.print -l -e"} as a version 1 or version 2 request. */
  public static AttachRequest jcmd(int version, Map<String, String> options, String commandLine) {
    return version >= 2 ? v2("jcmd", options, commandLine) : v1("jcmd", commandLine);
  }

  /** What this request asks, for messages: {@code jcmd Thread.print -l -e}. */
  public String describe() {
    return arguments.isEmpty() ? command : command + " " + String.join(" ", arguments);
  }

  private static void string(ByteArrayOutputStream out, String value) {
    out.writeBytes(utf8(value));
    out.write(0);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
