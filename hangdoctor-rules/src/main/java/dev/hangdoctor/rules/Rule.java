package dev.hangdoctor.rules;

import dev.hangdoctor.evidence.Finding;
import dev.hangdoctor.evidence.Inspection;
import java.util.List;

/** One known hang signature. Pure: it reads the evidence and returns what it recognised. */
public interface Rule {

  /** The rule's id, also the name of its documentation page {@code docs/rules/<id>.md}. */
  String id();

  /** The findings of this signature in {@code inspection}; empty when it does not match. */
  List<Finding> evaluate(Inspection inspection);
}
