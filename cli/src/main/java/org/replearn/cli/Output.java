package org.replearn.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.io.Json;

/**
 * Prints results: one JSON object with {@code --json}, otherwise readable "key: value" lines, one
 * per top-level JSON field of the map or record (text bare, other values as one-line JSON).
 */
public final class Output {
  private Output() {}

  /**
   * Prints {@code result} on stdout.
   *
   * @param json whether {@code --json} was given
   * @param result an ordered map or a record
   */
  public static void print(boolean json, Object result) {
    PrintStream out = System.out;
    if (json) {
      out.println(Json.compact(result));
      return;
    }
    if (result instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v = e.getValue();
        out.println(e.getKey() + ": " + (v instanceof String s ? s : Json.compact(v)));
      }
      return;
    }
    // a record as Jackson writes it (renamed, unwrapped and left-out components included)
    JsonNode tree = Json.mapper().valueToTree(result);
    if (!tree.isObject()) {
      out.println(Json.compact(result));
      return;
    }
    tree.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              out.println(e.getKey() + ": " + (v.isTextual() ? v.asText() : v.toString()));
            });
  }

  /**
   * The components of {@code record} in declaration order, under the names and with the omissions
   * Jackson applies: {@link JsonProperty} renames, {@link JsonInclude.Include#NON_NULL} drops
   * nulls. The values are the components themselves, so the map serialises as the record does (for
   * APIs that take a map, such as a run manifest's configuration).
   */
  public static Map<String, Object> fields(Record record) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        c.getAccessor().setAccessible(true);
        value = c.getAccessor().invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + record, e);
      }
      JsonInclude include = c.getAccessor().getAnnotation(JsonInclude.class);
      if (include == null) {
        include = record.getClass().getAnnotation(JsonInclude.class);
      }
      if (value == null && include != null && include.value() == JsonInclude.Include.NON_NULL) {
        continue;
      }
      JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
      String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
      fields.put(name, value);
    }
    return fields;
  }
}
