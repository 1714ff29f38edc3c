package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.replearn.core.CorruptFileException;

/**
 * The tensors every zoo shard holds, with their types and shapes (see {@link ZooStore}), and the
 * check that the index rows naming a shard lie within it.
 */
final class ShardLayout {
  private ShardLayout() {}

  /**
   * Checks a shard's tensors against the spec and the index rows that name it.
   *
   * @throws CorruptFileException naming the shard, the tensor or row, the rule and the value
   */
  static void check(Path file, Map<String, NDArray> t, ZooSpec spec, List<ZooIndex.Row> rows) {
    NDArray weights = require(file, t, "weights", DataType.FLOAT32, 2);
    long m = weights.getShape().get(0);
    if (m < 1 || weights.getShape().get(1) != spec.lstm().parameterCount()) {
      throw new CorruptFileException(
          file,
          "tensor 'weights' must be [models >= 1, "
              + spec.lstm().parameterCount()
              + "], found "
              + weights.getShape());
    }
    requireRows(file, "metrics", require(file, t, "metrics", DataType.FLOAT64, 2), m);
    if (t.get("metrics").getShape().get(1) != spec.metricNames().size()) {
      throw new CorruptFileException(
          file,
          "tensor 'metrics' must have "
              + spec.metricNames().size()
              + " columns "
              + spec.metricNames()
              + ", found "
              + t.get("metrics").getShape());
    }
    requireRows(file, "models", require(file, t, "models", DataType.INT32, 1), m);
    requireRows(file, "tasks", require(file, t, "tasks", DataType.FLOAT64, 2), m);
    requireRows(file, "weightDecays", require(file, t, "weightDecays", DataType.FLOAT64, 1), m);
    DataType tokens =
        spec.family().equals(ZooTasks.FORMAL_LANGUAGES) ? DataType.UINT8 : DataType.FLOAT16;
    requireRows(file, "sequences", require(file, t, "sequences", tokens, -1), m);
    requireRows(file, "outputs", require(file, t, "outputs", DataType.FLOAT16, -1), m);
    if (rows.isEmpty()) {
      return;
    }
    int[] models = t.get("models").toIntArray();
    for (ZooIndex.Row r : rows) {
      if (r.row() >= m) {
        throw new CorruptFileException(
            file,
            "index.json row of model "
                + r.model()
                + " step "
                + r.step()
                + " names shard row "
                + r.row()
                + ", the shard holds rows 0.."
                + (m - 1));
      }
      if (models[r.row()] != r.model()) {
        throw new CorruptFileException(
            file,
            "shard row "
                + r.row()
                + " must hold model "
                + r.model()
                + " as index.json says, found model "
                + models[r.row()]);
      }
    }
  }

  private static NDArray require(
      Path file, Map<String, NDArray> t, String name, DataType type, int dims) {
    NDArray a = t.get(name);
    if (a == null) {
      throw new CorruptFileException(
          file, "shard must hold a tensor '" + name + "', found " + t.keySet());
    }
    Shape s = a.getShape();
    if ((type != null && a.getDataType() != type)
        || (dims >= 0 && s.dimension() != dims)
        || s.dimension() == 0) {
      throw new CorruptFileException(
          file,
          "tensor '"
              + name
              + "' must be "
              + (type == null ? "" : type + " ")
              + (dims >= 0 ? dims + "-d" : "at least 1-d")
              + ", found "
              + a.getDataType()
              + " "
              + s);
    }
    return a;
  }

  private static void requireRows(Path file, String name, NDArray a, long m) {
    if (a.getShape().get(0) != m) {
      throw new CorruptFileException(
          file,
          "tensor '" + name + "' must have " + m + " rows as 'weights', found " + a.getShape());
    }
  }
}
