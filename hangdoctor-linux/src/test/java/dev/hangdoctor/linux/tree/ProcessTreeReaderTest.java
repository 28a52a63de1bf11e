package dev.hangdoctor.linux.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.linux.fs.ProcFs;
import dev.hangdoctor.linux.fs.ProcReadException;
import dev.hangdoctor.linux.proc.PtraceAccess;
import dev.hangdoctor.testkit.Await;
import dev.hangdoctor.testkit.Target;
import dev.hangdoctor.testkit.TargetSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessTreeReaderTest {
  private final ProcessTreeReader reader = new ProcessTreeReader(ProcFs.system());

  @Test
  void threeLevelTreeWithTheStuckGrandchildAtTheBottom() throws Exception {
    try (Target target = Target.start(TargetSpec.c("tree.c"))) {
      int top = (int) target.pid();
      int child = target.readyInt("child");
      int grandchild = target.readyInt("grandchild");

      ProcessNode root =
          Await.value(
              "the grandchild to block in pipe_read",
              Duration.ofSeconds(10),
              () ->
                  treeOf(top).filter(t -> String.valueOf(bottom(t).wchan()).endsWith("pipe_read")));

      assertThat(root.pid()).isEqualTo(top);
      assertThat(root.descendantCount()).isEqualTo(2);
      ProcessNode middle = root.children().get(0);
      assertThat(middle.pid()).isEqualTo(child);
      assertThat(middle.ppid()).isEqualTo(top);
      assertThat(middle.wchan()).isEqualTo("do_wait");
      ProcessNode stuck = middle.children().get(0);
      assertThat(stuck.pid()).isEqualTo(grandchild);
      assertThat(stuck.ppid()).isEqualTo(child);
      assertThat(stuck.children()).isEmpty();
      assertThat(root.elapsedMillis()).isGreaterThanOrEqualTo(stuck.elapsedMillis());
    }
  }

  @Test
  void theForestOfOurUserContainsThisTestProcess() throws Exception {
    int uid = PtraceAccess.currentUid(ProcFs.system());
    long self = ProcessHandle.current().pid();

    assertThat(reader.forestOfUser(uid).stream().anyMatch(root -> contains(root, self))).isTrue();
  }

  @Test
  void aMissingPidHasNoTree() throws Exception {
    assertThat(reader.tree(Integer.MAX_VALUE - 1)).isEmpty();
  }

  private Optional<ProcessNode> treeOf(int pid) {
    try {
      return reader.tree(pid).filter(root -> root.descendantCount() == 2);
    } catch (ProcReadException e) {
      throw new AssertionError(e);
    }
  }

  private static ProcessNode bottom(ProcessNode node) {
    return node.children().isEmpty() ? node : bottom(node.children().get(0));
  }

  private static boolean contains(ProcessNode node, long pid) {
    return node.pid() == pid || node.children().stream().anyMatch(c -> contains(c, pid));
  }
}
