package dev.hangdoctor.jvm.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hangdoctor.jvm.LiveJdks;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The attach protocol against real JVMs of every JDK found. */
class AttachClientLiveTest {
  private static final Duration SETTLE = Duration.ofSeconds(30);

  static List<JdkHome> jdks() {
    return LiveJdks.all();
  }

  private static AttachClient client(Duration answer) {
    return new AttachClient(
        ProcFs.system(),
        QuitSignal.KILL_COMMAND,
        new AttachTimeouts(Duration.ofSeconds(10), answer));
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void attachesWithTheRequestVersionTheJvmSpeaksAndNeverMakesItPrintADump(JdkHome jdk)
      throws Exception {
    try (Target target = Target.start(LiveJdks.target(jdk, List.of(), "idle"))) {
      int pid = (int) target.pid();

      AttachSession first = client(Duration.ofSeconds(20)).attach(pid);
      String version = first.jcmd("VM.version");
      AttachSession second = client(Duration.ofSeconds(20)).attach(pid);
      String threads = second.jcmd("Thread.print -l -e");

      assertThat(first.version()).isEqualTo(jdk.feature() >= 24 ? 2 : 1);
      assertThat(version).contains("JDK " + jdk.feature());
      assertThat(threads).contains("\"main\"").contains("Full thread dump");
      assertThat(first.socket().toString()).isEqualTo("/proc/" + pid + "/root/tmp/.java_pid" + pid);
      assertThat(Files.getAttribute(first.socket(), "unix:mode")).isNotNull();
      assertThat(target.output()).doesNotContain("Full thread dump");
      assertThat(Path.of("/proc/" + pid + "/cwd/.attach_pid" + pid)).doesNotExist();
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aRefusedCommandIsAnErrorWithTheJvmsReason(JdkHome jdk) throws Exception {
    try (Target target = Target.start(LiveJdks.target(jdk, List.of(), "idle"))) {
      AttachSession session = client(Duration.ofSeconds(20)).attach((int) target.pid());

      assertThatThrownBy(() -> session.jcmd("No.such.command"))
          .isInstanceOf(AttachException.class)
          .hasMessageContaining("Unknown diagnostic command")
          .extracting(e -> ((AttachException) e).reason())
          .isEqualTo(AttachException.Reason.COMMAND_FAILED);
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aJvmWithAttachDisabledIsNeverSignalled(JdkHome jdk) throws Exception {
    try (Target target =
        Target.start(LiveJdks.target(jdk, List.of("-XX:+DisableAttachMechanism"), "idle"))) {
      assertThatThrownBy(() -> client(Duration.ofSeconds(20)).attach((int) target.pid()))
          .isInstanceOf(AttachException.class)
          .hasMessageContaining("DisableAttachMechanism")
          .extracting(e -> ((AttachException) e).reason())
          .isEqualTo(AttachException.Reason.ATTACH_DISABLED);
      assertThat(target.process().isAlive()).isTrue();
      assertThat(target.output()).doesNotContain("Full thread dump");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aSocketFileLeftByAnEarlierJvmWithTheSamePidIsNotMistakenForTheListener(JdkHome jdk)
      throws Exception {
    try (Target disabled =
            Target.start(LiveJdks.target(jdk, List.of("-XX:+DisableAttachMechanism"), "idle"));
        Target idle = Target.start(LiveJdks.target(jdk, List.of(), "idle"))) {
      Path staleOfDisabled = plantStaleSocket((int) disabled.pid());
      Path staleOfIdle = plantStaleSocket((int) idle.pid());
      try {
        assertThatThrownBy(() -> client(Duration.ofSeconds(20)).attach((int) disabled.pid()))
            .extracting(e -> ((AttachException) e).reason())
            .isEqualTo(AttachException.Reason.ATTACH_DISABLED);
        AttachSession session = client(Duration.ofSeconds(20)).attach((int) idle.pid());
        assertThat(session.jcmd("VM.version")).contains("JDK " + jdk.feature());
        assertThat(idle.output()).doesNotContain("Full thread dump");
        assertThat(disabled.output()).doesNotContain("Full thread dump");
      } finally {
        Files.deleteIfExists(staleOfDisabled);
        Files.deleteIfExists(staleOfIdle);
      }
    }
  }

  /**
   * What a JVM killed with SIGKILL leaves behind: a socket file at the attach path that nothing
   * listens on (a listener bound and closed without unlinking its file).
   */
  private static Path plantStaleSocket(int pid) throws IOException {
    Path socket = Path.of("/tmp/.java_pid" + pid);
    Files.deleteIfExists(socket);
    try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      listener.bind(UnixDomainSocketAddress.of(socket));
    }
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    return socket;
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aJvmThatDoesNotCatchSigquitIsNotKilledByIt(JdkHome jdk) throws Exception {
    try (Target target = Target.start(LiveJdks.target(jdk, List.of("-Xrs"), "idle"))) {
      int pid = (int) target.pid();
      Path socket = Path.of("/proc/" + pid + "/root/tmp/.java_pid" + pid);
      // -Xrs may open the listener at startup; then attaching works without any signal.
      if (Files.exists(socket)) {
        assertThat(client(Duration.ofSeconds(20)).attach(pid).jcmd("VM.version")).contains("JDK");
      } else {
        assertThatThrownBy(() -> client(Duration.ofSeconds(20)).attach(pid))
            .isInstanceOf(AttachException.class)
            .extracting(e -> ((AttachException) e).reason())
            .isEqualTo(AttachException.Reason.SIGNALS_REDUCED);
      }
      assertThat(target.process().isAlive()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aListenerWedgedByAnotherClientCostsTheDeadlineAndNoMore(JdkHome jdk) throws Exception {
    try (Target target = Target.start(LiveJdks.target(jdk, List.of(), "idle"))) {
      int pid = (int) target.pid();
      AttachSession session = client(Duration.ofSeconds(20)).attach(pid);
      try (SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        silent.connect(UnixDomainSocketAddress.of(session.socket()));
        assertThatThrownBy(() -> client(Duration.ofMillis(500)).attach(pid))
            .isInstanceOf(AttachException.class)
            .hasMessageContaining("no answer within 0.5 s")
            .extracting(e -> ((AttachException) e).reason())
            .isEqualTo(AttachException.Reason.NOT_RESPONDING);
      }
      assertThat(
              Await.value(
                  "the listener to serve again",
                  SETTLE,
                  () -> {
                    try {
                      return java.util.Optional.of(session.jcmd("VM.version"));
                    } catch (AttachException e) {
                      return java.util.Optional.empty();
                    }
                  }))
          .contains("JDK");
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aJvmInItsOwnPidAndMountNamespaceIsReachedThroughProcRoot(JdkHome jdk) throws Exception {
    assumeTrue("0".equals(uid()), "needs root to create PID and mount namespaces");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
    String script =
        "mount -t tmpfs tmpfs /tmp && exec " + jdk.java() + " " + javaTarget() + " idle";
    try (Target target =
        Target.start(
            TargetSpec.command(
                List.of(
                    "/usr/bin/unshare",
                    "--pid",
                    "--mount",
                    "--fork",
                    "--mount-proc",
                    "sh",
                    "-c",
                    script)))) {
      int java = javaDescendant((int) target.pid());
      AttachSession session = client(Duration.ofSeconds(20)).attach(java);

      assertThat(session.target().namespacePid()).isEqualTo(1);
      assertThat(session.socket().toString()).isEqualTo("/proc/" + java + "/root/tmp/.java_pid1");
      assertThat(Path.of("/tmp/.java_pid1")).doesNotExist();
      assertThat(session.jcmd("VM.version")).contains("JDK " + jdk.feature());
    }
  }

  private static String javaTarget() throws IOException {
    // Not under /tmp: the namespace mounts its own /tmp over it.
    Path dir = Files.createDirectories(Path.of("target", "namespace-target").toAbsolutePath());
    Path source = dir.resolve("JvmTarget.java");
    try (var in =
        AttachClientLiveTest.class.getResourceAsStream(
            "/dev/hangdoctor/testkit/targets/JvmTarget.java")) {
      Files.write(source, in.readAllBytes());
    }
    return source.toString();
  }

  private static int javaDescendant(int pid) throws IOException {
    return Await.value(
        "the JVM started inside the namespace",
        SETTLE,
        () ->
            ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .map(p -> (int) p.pid())
                .findFirst());
  }

  private static String uid() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:"))
          .map(l -> l.split("\\s+")[1])
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }
}
