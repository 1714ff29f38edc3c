package org.replearn.spark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.replearn.core.io.Json;
import org.replearn.weightspace.zoo.ZooIndex;

/**
 * Writes a zoo's {@code index.json} batch by batch, so the driver holds one batch's rows at a time.
 * The bytes equal those {@link org.replearn.weightspace.zoo.ZooStore#writeIndex} writes for the
 * same rows and shards: the same mapper and pretty printer, batches hold consecutive model ranges
 * whose rows come sorted by (model, step), and shard names sort by batch, then step.
 */
final class IndexStream {
  private IndexStream() {}

  /**
   * What one finished batch adds to the index.
   *
   * @param rows its index rows
   * @param shards its shard names to their SHA-256
   */
  record BatchIndex(List<ZooIndex.Row> rows, Map<String, String> shards) {}

  /** Supplies the index part of one batch. */
  @FunctionalInterface
  interface BatchRows {
    BatchIndex of(int batch) throws IOException;
  }

  /** Writes the index of {@code batches} batches to {@code out}; returns the number of rows. */
  static long write(OutputStream out, int batches, BatchRows source) throws IOException {
    ObjectMapper mapper = Json.mapper();
    long count = 0;
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.setPrettyPrinter(mapper.getSerializationConfig().constructDefaultPrettyPrinter());
      g.writeStartObject();
      g.writeNumberField("formatVersion", ZooIndex.FORMAT_VERSION);
      g.writeArrayFieldStart("rows");
      for (int b = 0; b < batches; b++) {
        for (ZooIndex.Row row : ZooIndex.of(source.of(b).rows()).rows()) {
          mapper.writeValue(g, row);
          count++;
        }
      }
      g.writeEndArray();
      g.writeObjectFieldStart("shards");
      for (int b = 0; b < batches; b++) {
        for (Map.Entry<String, String> e : new TreeMap<>(source.of(b).shards()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return count;
  }
}
