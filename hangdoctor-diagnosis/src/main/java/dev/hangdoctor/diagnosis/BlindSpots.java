package dev.hangdoctor.diagnosis;

import dev.hangdoctor.evidence.BlindSpot;
import dev.hangdoctor.evidence.Confidence;
import dev.hangdoctor.evidence.EvidenceGap;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.evidence.ProcessSnapshot;
import dev.hangdoctor.evidence.PythonStacks;
import dev.hangdoctor.linux.proc.PtraceAccess;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What hangdoctor could not look at in one inspected process, so that no report calls a process it
 * could not see into healthy: evidence the kernel refused (another user's process, Yama), Python
 * stacks it could not read (CPython 3.10 and older, memory refused, unreadable), and runtimes it
 * could not read ({@link JvmStacksUnread}). Also the one policy for findings made without the stack
 * of such a runtime: at most MEDIUM, and the fix says how to find the call. Pure.
 */
public final class BlindSpots {
  /** {@link BlindSpot#what()} of a runtime's stacks not read. */
  public static final String PYTHON_STACKS = "Python stacks";

  private static final String[] STACK_BLIND_SPOTS = {PYTHON_STACKS, JvmStacksUnread.WHAT};

  private BlindSpots() {}

  /**
   * The blind spots of {@code inspection}; {@code access} explains a refusal (empty when unknown:
   * the remedy is then the general one).
   */
  public static List<BlindSpot> of(Inspection inspection, Optional<PtraceAccess> access) {
    List<BlindSpot> spots = new ArrayList<>();
    ProcessSnapshot latest = inspection.latest();
    String remedy =
        access
            .map(AccessAdvice::remedy)
            .orElse("run as the process's user, as root (sudo), or with CAP_SYS_PTRACE");
    Set<String> refused = new LinkedHashSet<>();
    for (EvidenceGap gap : latest.gaps()) {
      if (gap.reason() == EvidenceGap.Reason.PERMISSION_DENIED) {
        refused.add(gap.what());
      }
    }
    if (!refused.isEmpty()) {
      spots.add(
          new BlindSpot(
              BlindSpot.Kind.REFUSED,
              String.join(", ", refused),
              "the kernel refused to show them",
              remedy));
    }
    python(inspection, remedy).ifPresent(spots::add);
    JvmStacksUnread.of(inspection).ifPresent(spots::add);
    return spots;
  }

  /** True when {@code spots} leave a runtime's stacks unread (Python, Java). */
  public static boolean stacksUnread(List<BlindSpot> spots) {
    return stackSpot(spots).isPresent();
  }

  /**
   * {@code finding} under the policy for findings without the runtime's stack: when its process's
   * stacks could not be read and the finding names no frame, at most MEDIUM, with the evidence line
   * and the way to find the call. Other findings come back unchanged.
   */
  public static Finding adjust(Finding finding, List<BlindSpot> spots, int pid) {
    Optional<BlindSpot> stacks = stackSpot(spots);
    if (stacks.isEmpty() || !finding.keyFrames().isEmpty()) {
      return finding;
    }
    BlindSpot spot = stacks.get();
    List<String> evidence = new ArrayList<>(finding.evidence());
    evidence.add(spot.what() + " not read (" + spot.why() + "): the call site is not known");
    Confidence confidence =
        finding.confidence() == Confidence.HIGH ? Confidence.MEDIUM : finding.confidence();
    return new Finding(
        finding.ruleId(),
        finding.kind(),
        confidence,
        finding.tid(),
        finding.threadName(),
        finding.keyFrames(),
        evidence,
        finding.explanation(),
        finding.fix() + " " + findTheCall(spot, pid));
  }

  /** How to see the stack hangdoctor could not read, to find the call the fix is about. */
  private static String findTheCall(BlindSpot spot, int pid) {
    if (spot.kind() == BlindSpot.Kind.REFUSED) {
      return "To see the call, let hangdoctor read the stack: " + spot.remedy() + ".";
    }
    return spot.what().equals(PYTHON_STACKS)
        ? "py-spy dump --pid " + pid + " shows the Python call to change."
        : "jcmd " + pid + " Thread.print shows the Java call to change.";
  }

  private static Optional<BlindSpot> stackSpot(List<BlindSpot> spots) {
    for (BlindSpot spot : spots) {
      for (String what : STACK_BLIND_SPOTS) {
        if (spot.what().equals(what)) {
          return Optional.of(spot);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<BlindSpot> python(Inspection inspection, String accessRemedy) {
    PythonStacks stacks = null;
    for (ProcessSnapshot sample : inspection.samples()) {
      PythonStacks python = sample.python();
      if (python != null && python.status() == PythonStacks.Status.READ) {
        return Optional.empty();
      }
      if (python != null) {
        stacks = python;
      }
    }
    if (stacks == null) {
      return Optional.empty();
    }
    int pid = inspection.pid();
    String pySpy = "py-spy dump --pid " + pid + " shows them";
    return switch (stacks.status()) {
      case UNSUPPORTED_VERSION ->
          Optional.of(
              new BlindSpot(
                  BlindSpot.Kind.UNSUPPORTED,
                  PYTHON_STACKS,
                  stacks.version() == null
                      ? stacks.detail()
                      : "CPython " + stacks.version() + ": hangdoctor reads 3.11 to 3.14",
                  "run it on CPython 3.11 or later for hangdoctor to read them; meanwhile "
                      + pySpy));
      case PERMISSION_DENIED ->
          Optional.of(
              new BlindSpot(
                  BlindSpot.Kind.REFUSED,
                  PYTHON_STACKS,
                  "the kernel refused to show its memory (/proc/PID/mem)",
                  accessRemedy));
      case UNREADABLE ->
          Optional.of(
              new BlindSpot(
                  BlindSpot.Kind.UNREADABLE,
                  PYTHON_STACKS,
                  stacks.detail(),
                  pySpy
                      + "; if it can read them, please report it with hangdoctor inspect "
                      + pid
                      + " --json"));
      default -> Optional.empty();
    };
  }
}
