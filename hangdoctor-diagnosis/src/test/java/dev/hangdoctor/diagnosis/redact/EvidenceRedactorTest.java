package dev.hangdoctor.diagnosis.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.FdEntry;
import dev.hangdoctor.evidence.FdKind;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessNode;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonFrame;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.PythonThread;
import dev.hangdoctor.evidence.SyscallState;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every string a target puts into the evidence is redacted; the code's own names are not. */
class EvidenceRedactorTest {
  private static final String SECRET = "hunter2";

  private static ProcessSnapshot snapshot() {
    ProcessInfo info =
        new ProcessInfo(
            7,
            1,
            "app",
            0,
            "root",
            List.of(
                "python3", "app.py", "--password", SECRET, "--db=postgres://u:" + SECRET + "@db/x"),
            "/usr/bin/python3",
            "/srv",
            TaskState.SLEEPING,
            false,
            0,
            1000,
            2,
            1 << 20,
            CpuTime.ZERO);
    ThreadSnapshot thread =
        new ThreadSnapshot(
            8,
            "token=" + SECRET,
            TaskState.SLEEPING,
            new KernelWait("pipe_read", SyscallState.inSyscall(0, "read", List.of(3L))),
            CpuTime.ZERO,
            0,
            0);
    PythonThread python =
        new PythonThread(
            1,
            8,
            "fetch https://bot:" + SECRET + "@api/x",
            PythonThread.NameSource.THREADING,
            false,
            true,
            List.of(new PythonFrame("fetch", "fetch", "/srv/app.py", 9, PythonFrame.Owner.THREAD)),
            false,
            null);
    return new ProcessSnapshot(
        0,
        0,
        info,
        List.of(thread),
        null,
        List.of(new FdEntry(5, FdKind.FILE, "/tmp/upload?sig=x&api_key=" + SECRET)),
        List.of(),
        List.of(new EvidenceGap("x", EvidenceGap.Reason.UNREADABLE, "API_KEY=" + SECRET)),
        new PythonStacks(
            PythonStacks.Status.READ,
            "3.12.1",
            "/usr/bin/python3",
            PythonStacks.LayoutSource.TABLE,
            List.of(python),
            null));
  }

  @Test
  void aSnapshotKeepsNoSecretButKeepsItsFrames() {
    ProcessSnapshot redacted = new EvidenceRedactor(Redactor.DEFAULT).snapshot(snapshot());

    String json = JsonRenderer.render(redacted);
    assertThat(json).doesNotContain(SECRET).contains("<redacted>");
    assertThat(redacted.process().cmdline())
        .containsExactly(
            "python3", "app.py", "--password", "<redacted>", "--db=postgres://u:<redacted>@db/x");
    assertThat(redacted.python().threads().get(0).frames())
        .isEqualTo(snapshot().python().threads().get(0).frames());
  }

  @Test
  void aTreeKeepsNoSecret() {
    ProcessNode child =
        new ProcessNode(
            9,
            7,
            "w",
            List.of("worker", "--token", SECRET),
            0,
            TaskState.SLEEPING,
            null,
            0,
            CpuTime.ZERO,
            List.of());
    ProcessNode root =
        new ProcessNode(
            7,
            1,
            "app",
            List.of("app"),
            0,
            TaskState.SLEEPING,
            null,
            0,
            CpuTime.ZERO,
            List.of(child));

    assertThat(JsonRenderer.render(new EvidenceRedactor(Redactor.DEFAULT).node(root)))
        .doesNotContain(SECRET);
  }

  @Test
  void noneChangesNothing() {
    ProcessSnapshot snapshot = snapshot();

    assertThat(new EvidenceRedactor(Redactor.NONE).snapshot(snapshot)).isSameAs(snapshot);
  }
}
