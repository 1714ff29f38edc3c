package org.replearn.spark;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.replearn.core.io.Json;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;

/**
 * Writes a zoo's {@code index.json} batch by batch, so the driver holds one batch's rows at a time.
 * The bytes equal {@code Json.write(ZooIndex.of(allRows))}: the same mapper and pretty printer, and
 * batches hold consecutive model ranges whose rows come sorted by (model, step).
 */
final class IndexStream {
  private IndexStream() {}

  /** Supplies the rows of one batch, sorted by (model, step). */
  @FunctionalInterface
  interface BatchRows {
    List<ZooIndex.Row> rows(int batch) throws IOException;
  }

  /** Writes the index of {@code batches} batches to {@code out}; returns the number of rows. */
  static long write(OutputStream out, int batches, BatchRows source) throws IOException {
    ObjectMapper mapper = Json.mapper();
    long count = 0;
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.setPrettyPrinter(mapper.getSerializationConfig().constructDefaultPrettyPrinter());
      g.writeStartObject();
      g.writeNumberField("formatVersion", ZooSpec.FORMAT_VERSION);
      g.writeArrayFieldStart("rows");
      for (int b = 0; b < batches; b++) {
        for (ZooIndex.Row row : ZooIndex.of(source.rows(b)).rows()) {
          mapper.writeValue(g, row);
          count++;
        }
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return count;
  }
}
