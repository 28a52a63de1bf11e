package dev.hangdoctor.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.JavaLockWait;
import dev.hangdoctor.evidence.JavaThread;
import dev.hangdoctor.evidence.JvmStacks;
import dev.hangdoctor.testkit.JdkHome;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Java threads read from real JVMs of every JDK found, joined to their Linux threads. */
class JvmStackReaderLiveTest {
  static List<JdkHome> jdks() {
    return LiveJdks.all();
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aMonitorDeadlockIsReadWithOwnersAndEachThreadIsItsLinuxThread(JdkHome jdk) throws Exception {
    try (Target target = Target.start(LiveJdks.target(jdk, List.of(), "monitor-deadlock"))) {
      int pid = (int) target.pid();

      JvmStacks stacks = JvmStackReader.system().readOnce(pid);

      assertThat(stacks.status()).as(stacks.detail()).isEqualTo(JvmStacks.Status.READ);
      assertThat(stacks.feature()).isEqualTo(jdk.feature());
      assertThat(stacks.version()).startsWith(Integer.toString(jdk.feature()));
      assertThat(stacks.flags()).anyMatch(flag -> flag.startsWith("-XX:"));
      assertThat(stacks.source()).startsWith("Thread.print -e over attach protocol v");
      JavaThread left = named(stacks, "left");
      JavaThread right = named(stacks, "right");
      assertThat(left.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.MONITOR_ENTER);
      assertThat(left.waitingFor().ownerName()).isEqualTo("right");
      assertThat(left.waitingFor().ownerTid()).isEqualTo(right.nativeThreadId());
      assertThat(comm(pid, left.nativeThreadId())).isEqualTo("left");
      assertThat(comm(pid, right.nativeThreadId())).isEqualTo("right");
      assertThat(stacks.deadlocks()).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aReentrantLockDeadlockIsAskedAgainWithLocksSoEachWaitNamesItsHolder(JdkHome jdk)
      throws Exception {
    try (Target target = Target.start(LiveJdks.target(jdk, List.of(), "lock-deadlock"))) {
      JvmStacks stacks = JvmStackReader.system().readOnce((int) target.pid());

      assertThat(stacks.status()).as(stacks.detail()).isEqualTo(JvmStacks.Status.READ);
      assertThat(stacks.source()).startsWith("Thread.print -l -e over attach protocol v");
      JavaThread left = named(stacks, "left");
      JavaThread right = named(stacks, "right");
      assertThat(left.waitingFor().kind()).isEqualTo(JavaLockWait.Kind.PARK);
      assertThat(left.waitingFor().ownerName()).isEqualTo("right");
      assertThat(right.waitingFor().ownerName()).isEqualTo("left");
      assertThat(stacks.deadlocks()).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void aJvmWithAttachDisabledSaysSoAndIsNotAskedAgainInTheWindow(JdkHome jdk) throws Exception {
    try (Target target =
        Target.start(LiveJdks.target(jdk, List.of("-XX:+DisableAttachMechanism"), "idle"))) {
      try (JvmSession session = JvmStackReader.system().open((int) target.pid()).orElseThrow()) {
        JvmStacks first = session.sample();
        JvmStacks second = session.sample();

        assertThat(first.status()).isEqualTo(JvmStacks.Status.ATTACH_DISABLED);
        assertThat(first.detail()).contains("-XX:+DisableAttachMechanism");
        assertThat(second).isSameAs(first);
      }
    }
  }

  @Test
  void anyOtherProcessIsNoJvm() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      assertThat(JvmStackReader.system().open((int) target.pid())).isEmpty();
      assertThat(JvmStackReader.system().readOnce((int) target.pid())).isNull();
    }
  }

  private static JavaThread named(JvmStacks stacks, String name) {
    return stacks.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static String comm(int pid, int tid) throws Exception {
    return Files.readString(Path.of("/proc/" + pid + "/task/" + tid + "/comm")).strip();
  }
}
