package org.replearn.core.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one configured Jackson mapper, and atomic JSON file writes. */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .findAndAddModules()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private Json() {}

  /** The shared mapper (thread-safe once configured). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes {@code value} as indented JSON to {@code target} atomically. */
  public static void write(Path target, Object value) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(value);
    AtomicFiles.write(target, bytes);
  }

  /**
   * {@code value} (a record or bean) as the ordered map of its JSON properties, nested values as
   * maps and lists: what {@link #write} would write, for callers that add or read keys.
   */
  public static Map<String, Object> toMap(Object value) {
    return MAPPER.convertValue(value, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  /** Serialises {@code value} to a one-line JSON string. */
  public static String compact(Object value) {
    try {
      return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    }
  }
}
