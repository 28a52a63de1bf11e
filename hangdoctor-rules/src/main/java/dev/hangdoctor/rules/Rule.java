package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import dev.hangdoctor.rules.graph.WaitGraph;
import java.util.List;

/** One known hang signature. Pure: it reads the evidence and returns what it recognised. */
public interface Rule {

  /** The rule's id, also the name of its documentation page {@code docs/rules/<id>.md}. */
  String id();

  /** The findings of this signature in {@code inspection}; empty when it does not match. */
  List<Finding> evaluate(Inspection inspection);

  /**
   * The findings of this signature in {@code inspection}, one of the processes of {@code graph}
   * (the wait-for graph of the whole diagnosis, which a signature that follows waits across threads
   * or processes queries). The default ignores the graph.
   */
  default List<Finding> evaluate(Inspection inspection, WaitGraph graph) {
    return evaluate(inspection);
  }

  /**
   * One line saying why this signature does not explain {@code inspection} ("no thread at high
   * CPU"), for reports that list the hypotheses ruled out. Called only when {@link #evaluate} found
   * nothing; the default names no particular evidence.
   */
  default String ruledOut(Inspection inspection) {
    return "its signature is not in the evidence";
  }

  /**
   * True for a generic signature (a read without a timeout, a busy CPU) that a more specific one
   * can explain: its finding on a thread that another rule's finding already names is left out, so
   * one stuck thread gets one verdict.
   */
  default boolean generic() {
    return false;
  }
}
