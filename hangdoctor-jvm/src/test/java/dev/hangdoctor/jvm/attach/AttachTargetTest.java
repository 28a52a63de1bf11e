package dev.hangdoctor.jvm.attach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/PID/status lines as a normal JVM, an -Xrs JVM and a JVM in a container show them. */
class AttachTargetTest {
  private static String status(
      String nspid, String uid, String gid, String ignored, String caught) {
    return "Name:\tjava\nState:\tS (sleeping)\nUid:\t"
        + uid
        + "\nGid:\t"
        + gid
        + (nspid == null ? "" : "\nNSpid:\t" + nspid)
        + "\nSigIgn:\t"
        + ignored
        + "\nSigCgt:\t"
        + caught
        + "\n";
  }

  @Test
  void aNormalJvmCatchesSigquitAndIsItsOwnNamespacePid() {
    AttachTarget target =
        AttachTarget.fromStatus(
            25070,
            status(
                "25070",
                "1001\t1002\t1002\t1002",
                "50\t51\t51\t51",
                "0000000000000002",
                "0000000101005ccd"));

    assertThat(target.namespacePid()).isEqualTo(25070);
    assertThat(target.inPidNamespace()).isFalse();
    assertThat(target.euid()).isEqualTo(1002);
    assertThat(target.egid()).isEqualTo(51);
    assertThat(target.catchesQuit()).isTrue();
  }

  @Test
  void underXrsSigquitIsNotCaught() {
    AttachTarget target =
        AttachTarget.fromStatus(
            7, status("7", "0\t0\t0\t0", "0\t0\t0\t0", "0000000000000000", "0000000000001cc8"));

    assertThat(target.catchesQuit()).isFalse();
  }

  @Test
  void anIgnoredSigquitIsNotCaughtEither() {
    AttachTarget target =
        AttachTarget.fromStatus(
            7, status("7", "0\t0\t0\t0", "0\t0\t0\t0", "0000000000000004", "0000000101005ccd"));

    assertThat(target.catchesQuit()).isFalse();
  }

  @Test
  void inAContainerTheLastNspidCounts() {
    AttachTarget target =
        AttachTarget.fromStatus(
            14995, status("14995\t1", "0\t0\t0\t0", "0\t0\t0\t0", "0", "0000000101005ccd"));

    assertThat(target.namespacePid()).isEqualTo(1);
    assertThat(target.hostPid()).isEqualTo(14995);
    assertThat(target.inPidNamespace()).isTrue();
  }

  @Test
  void anOldKernelWithoutNspidUsesThePid() {
    assertThat(
            AttachTarget.fromStatus(42, status(null, "0\t0\t0\t0", "0\t0\t0\t0", "0", "4"))
                .namespacePid())
        .isEqualTo(42);
  }
}
