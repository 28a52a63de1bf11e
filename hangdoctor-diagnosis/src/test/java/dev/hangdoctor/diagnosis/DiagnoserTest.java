package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Diagnosing real processes: one window for a whole tree, each verdict under its parent. */
class DiagnoserTest {

  @Test
  void aTreeIsDiagnosedWithEachProcessUnderItsParent() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      int child = target.readyInt("child");
      int grandchild = target.readyInt("grandchild");

      Diagnosis top = LiveDiagnoser.diagnose(target.pid());

      assertThat(top.pid()).isEqualTo(target.pid());
      assertThat(pids(top.children())).containsExactly(child);
      assertThat(pids(top.children().get(0).children())).containsExactly(grandchild);
      assertThat(pids(top.flatten())).containsExactly((int) target.pid(), child, grandchild);
      assertThat(top.flatten()).allSatisfy(d -> assertThat(d.inspection().samples()).hasSize(3));
      long rootEnd = top.inspection().latest().monotonicNanos();
      assertThat(top.flatten())
          .as("every process is sampled inside the target's window, not one window after another")
          .allSatisfy(
              d ->
                  assertThat(d.inspection().samples().get(0).monotonicNanos()).isLessThan(rootEnd));
    }
  }

  @Test
  void aSpinningThreadIsAHang() throws Exception {
    try (Target target = Target.start(TargetSpec.c("threads.c"))) {
      int spinTid = target.readyInt("spin_tid");

      // One window, however little CPU the machine's load leaves the spinner.
      Diagnosis diagnosis = LiveDiagnoser.diagnose(target.pid());

      assertThat(diagnosis.hangFound()).isTrue();
      assertThat(diagnosis.findings())
          .anySatisfy(f -> assertThat(f.tid()).isEqualTo(spinTid))
          .anySatisfy(f -> assertThat(f.ruleId()).isEqualTo("cpu-spin"));
      assertThat(diagnosis.children()).isEmpty();
    }
  }

  private static List<Integer> pids(List<Diagnosis> diagnoses) {
    return diagnoses.stream().map(Diagnosis::pid).collect(Collectors.toList());
  }
}
