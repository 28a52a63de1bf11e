package dev.hangdoctor.diagnosis.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hangdoctor.diagnosis.redact.Redactor;
import dev.hangdoctor.diagnosis.render.JsonRenderer;
import dev.hangdoctor.evidence.Diagnosis;
import java.util.List;

/**
 * {@code diagnose --port --json}: one process tree on the port prints its diagnosis with a {@code
 * port} field added (the {@link PortAnswers.PortReport}); several unrelated trees print one object
 * with {@code schemaVersion}, {@code port} and {@code targets}, the diagnoses in pid order.
 */
public final class PortJson {
  private PortJson() {}

  /** The JSON text, every string of the port report through {@code redactor}. */
  public static String render(
      List<Diagnosis> diagnoses, PortAnswers.PortReport report, Redactor redactor) {
    ObjectMapper mapper = JsonRenderer.mapper();
    try {
      ObjectNode port = mapper.valueToTree(redacted(report, redactor));
      if (diagnoses.size() == 1) {
        ObjectNode single =
            (ObjectNode) mapper.readTree(DiagnosisReports.json(diagnoses.get(0), redactor));
        single.set("port", port);
        return mapper.writeValueAsString(single) + "\n";
      }
      ObjectNode root = mapper.createObjectNode();
      root.put("schemaVersion", 1);
      root.set("port", port);
      ArrayNode targets = root.putArray("targets");
      for (Diagnosis diagnosis : diagnoses) {
        targets.add(mapper.readTree(DiagnosisReports.json(diagnosis, redactor)));
      }
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the port report could not be written as JSON", e);
    }
  }

  private static PortAnswers.PortReport redacted(PortAnswers.PortReport r, Redactor redactor) {
    return new PortAnswers.PortReport(
        r.port(),
        r.summary(),
        r.sockets(),
        r.acceptQueue(),
        r.processes().stream()
            .map(a -> new PortAnswers.ProcessAnswer(a.pid(), a.answer(), redactor.text(a.detail())))
            .toList(),
        r.probe() == null ? null : redactor.text(r.probe()),
        r.answers());
  }
}
