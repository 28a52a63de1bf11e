package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Diagnosis;
import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.rules.graph.WaitGraph;
import java.util.List;

/**
 * A hang signature that spans processes: a parent waiting on a child that is itself stuck, a pipe
 * whose two ends wait on each other. It sees one process's evidence together with the verdicts
 * already reached on its children. Pure, like {@link Rule}.
 */
public interface ProcessTreeRule {

  /** The rule's id, also the name of its documentation page {@code docs/rules/<id>.md}. */
  String id();

  /** The findings about {@code process} given its children's verdicts; empty when none. */
  List<Finding> evaluate(Inspection process, List<Diagnosis> children);

  /**
   * The findings about {@code process} given its children's verdicts and the wait-for graph of the
   * whole diagnosis; the default ignores the graph.
   */
  default List<Finding> evaluate(Inspection process, List<Diagnosis> children, WaitGraph graph) {
    return evaluate(process, children);
  }

  /**
   * One line saying why this signature does not explain {@code process} and its children, for
   * reports that list the hypotheses ruled out; called only when {@link #evaluate} found nothing.
   */
  default String ruledOut(Inspection process, List<Diagnosis> children) {
    return "its signature is not in the evidence";
  }
}
