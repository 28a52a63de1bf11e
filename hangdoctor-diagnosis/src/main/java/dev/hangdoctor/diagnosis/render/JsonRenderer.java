package dev.hangdoctor.diagnosis.render;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Writes evidence records as JSON. Only record components become properties (helper methods such as
 * {@code isRunning()} do not), so the JSON is exactly the evidence schema.
 */
public final class JsonRenderer {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private JsonRenderer() {}

  public static String render(Object evidence) {
    try {
      return MAPPER.writeValueAsString(evidence) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence could not be written as JSON", e);
    }
  }

  /** The shared mapper, for reading evidence back (tests, recorded evidence). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
