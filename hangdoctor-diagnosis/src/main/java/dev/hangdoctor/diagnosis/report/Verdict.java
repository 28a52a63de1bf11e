package dev.hangdoctor.diagnosis.report;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The headline of a diagnosis tree: the root-cause process and its leading finding. The root cause
 * is the deepest process with findings along the chain of processes that have any, so a parent
 * waiting on a stuck child leads to the child's verdict. {@code chain} runs from the target down to
 * that process; for a healthy tree it is the target alone and {@code lead} is empty.
 */
public record Verdict(List<Diagnosis> chain, Optional<Finding> lead) {
  public Verdict {
    chain = List.copyOf(chain);
  }

  public static Verdict of(Diagnosis root) {
    List<Diagnosis> chain = deepestWithFindings(root);
    if (chain.isEmpty()) {
      return new Verdict(List.of(root), Optional.empty());
    }
    return new Verdict(chain, Optional.of(chain.get(chain.size() - 1).findings().get(0)));
  }

  public boolean hangFound() {
    return lead.isPresent();
  }

  /** The process the verdict is about: the root cause, or the target when healthy. */
  public Diagnosis process() {
    return chain.get(chain.size() - 1);
  }

  /** The target the diagnosis was asked for. */
  public Diagnosis target() {
    return chain.get(0);
  }

  /** True when the root cause lies below the target. */
  public boolean inDescendant() {
    return chain.size() > 1;
  }

  private static List<Diagnosis> deepestWithFindings(Diagnosis process) {
    List<Diagnosis> best = List.of();
    for (Diagnosis child : process.children()) {
      List<Diagnosis> below = deepestWithFindings(child);
      if (below.size() > best.size()) {
        best = below;
      }
    }
    if (best.isEmpty() && process.findings().isEmpty()) {
      return List.of();
    }
    List<Diagnosis> chain = new ArrayList<>();
    chain.add(process);
    chain.addAll(best);
    return chain;
  }
}
