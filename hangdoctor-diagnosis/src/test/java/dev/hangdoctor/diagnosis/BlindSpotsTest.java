package dev.hangdoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.CpuTime;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.KernelWait;
import dev.hangdoctor.evidence.ProcessInfo;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.evidence.TaskState;
import dev.hangdoctor.evidence.ThreadSnapshot;
import dev.hangdoctor.linux.proc.PtraceAccess;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlindSpotsTest {
  private static Inspection inspection(
      String exe, List<String> threadNames, List<EvidenceGap> gaps, PythonStacks python) {
    ProcessInfo info =
        new ProcessInfo(
            7,
            1,
            "p",
            0,
            "root",
            List.of(exe),
            exe,
            "/",
            TaskState.SLEEPING,
            false,
            0,
            1000,
            threadNames.size(),
            0,
            CpuTime.ZERO);
    List<ThreadSnapshot> threads =
        threadNames.stream()
            .map(
                name ->
                    new ThreadSnapshot(
                        7, name, TaskState.SLEEPING, KernelWait.UNKNOWN, CpuTime.ZERO, 0, 0))
            .toList();
    List<ProcessSnapshot> samples =
        List.of(new ProcessSnapshot(0, 0, info, threads, null, List.of(), List.of(), gaps, python));
    return new Inspection(
        Inspection.SCHEMA_VERSION, 7, samples, WindowAnalyzer.analyze(samples), null, false);
  }

  @Test
  void aProcessSeenWhollyHasNone() {
    assertThat(
            BlindSpots.of(
                inspection("/usr/bin/sleep", List.of("sleep"), List.of(), null), Optional.empty()))
        .isEmpty();
  }

  @Test
  void whatTheKernelRefusedComesWithWhatWouldHelp() {
    List<EvidenceGap> gaps =
        List.of(
            new EvidenceGap(
                "thread waits (wchan, syscall)", EvidenceGap.Reason.PERMISSION_DENIED, "x"),
            new EvidenceGap(
                "open files (/proc/PID/fd)", EvidenceGap.Reason.PERMISSION_DENIED, "x"));
    PtraceAccess other = new PtraceAccess(65534, 0, false, false, 1);

    List<BlindSpot> spots =
        BlindSpots.of(
            inspection("/usr/bin/sleep", List.of("sleep"), gaps, null), Optional.of(other));

    assertThat(spots)
        .singleElement()
        .satisfies(
            spot -> {
              assertThat(spot.kind()).isEqualTo(BlindSpot.Kind.REFUSED);
              assertThat(spot.what())
                  .isEqualTo("thread waits (wchan, syscall), open files (/proc/PID/fd)");
              assertThat(spot.remedy()).startsWith("it belongs to uid 0 and you are uid 65534");
            });
  }

  @Test
  void aJvmIsRecognisedByItsLauncherOrItsThreads() {
    assertThat(
            BlindSpots.of(
                inspection("/usr/lib/jvm/java-17/bin/java", List.of("java"), List.of(), null),
                Optional.empty()))
        .extracting(BlindSpot::what)
        .containsExactly("Java stacks");
    assertThat(
            BlindSpots.of(
                inspection("/opt/app/bin/myapp", List.of("myapp", "VM Thread"), List.of(), null),
                Optional.empty()))
        .extracting(BlindSpot::kind)
        .containsExactly(BlindSpot.Kind.NOT_READ_YET);
  }

  @Test
  void aFindingWithoutTheStackIsAtMostMediumAndSaysHowToFindTheCall() {
    List<BlindSpot> spots =
        BlindSpots.of(
            inspection(
                "/usr/bin/python3.10",
                List.of("python3"),
                List.of(),
                PythonStacks.unavailable(
                    PythonStacks.Status.UNSUPPORTED_VERSION, "3.10", "unsupported CPython 3.10")),
            Optional.empty());
    Finding finding =
        new Finding(
            "blocking-network-read",
            "read",
            Confidence.HIGH,
            7,
            "python3",
            List.of(),
            List.of("recvfrom"),
            "why",
            "Add a timeout.");

    Finding adjusted = BlindSpots.adjust(finding, spots, 7);

    assertThat(adjusted.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(adjusted.evidence())
        .containsExactly(
            "recvfrom",
            "Python stacks not read (CPython 3.10: hangdoctor reads 3.11 to 3.14): the call site is not known");
    assertThat(adjusted.fix())
        .isEqualTo("Add a timeout. py-spy dump --pid 7 shows the Python call to change.");
  }
}
