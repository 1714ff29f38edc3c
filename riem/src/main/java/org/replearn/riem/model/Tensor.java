package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.FileChecks;
import org.replearn.core.io.Safetensors;

/**
 * A named float tensor held in Java memory (a state-dict entry).
 *
 * @param shape e.g. {@code [out, in]} for Linear, {@code [out, in, kh, kw]} for Conv2d
 * @param values row-major
 */
public record Tensor(long[] shape, float[] values) {

  /**
   * Largest magnitude a weight read from a file may have: 1e18, so squares and products of a few
   * such values stay finite in float32 (whose largest value is 3.4e38). NaN and infinities are
   * refused too: no compression of them is meaningful.
   */
  public static final double MAX_MAGNITUDE = 1e18;

  /**
   * Reads every tensor of a safetensors file as float32. Other float types are converted; integer
   * tensors (such as PyTorch's batch-norm {@code num_batches_tracked} counter) too, when every
   * value is exact in float32 (|v| &lt;= 2^24), so a PyTorch ResNet's state dict can be compressed
   * and written back (PyTorch's {@code load_state_dict} casts them back to the buffer's type).
   *
   * @throws CorruptFileException for boolean tensors, integers beyond float32's exact range, empty
   *     tensors, and values that are not finite or exceed {@link #MAX_MAGNITUDE}
   */
  public static Map<String, Tensor> readAll(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      for (Map.Entry<String, NDArray> e : Safetensors.read(file, manager).entrySet()) {
        NDArray a = e.getValue();
        DataType type = a.getDataType();
        if (!type.isFloating() && !type.isInteger()) {
          throw new CorruptFileException(
              file, "tensor " + e.getKey() + " has type " + type + ", need numbers");
        }
        if (a.size() == 0) {
          throw new CorruptFileException(
              file,
              "tensor '"
                  + e.getKey()
                  + "' must hold at least one value, found shape "
                  + a.getShape());
        }
        float[] values = a.toType(DataType.FLOAT32, false).toFloatArray();
        FileChecks.requireBounded(file, e.getKey(), values, MAX_MAGNITUDE);
        if (type.isInteger()) {
          long[] exact = a.toType(DataType.INT64, false).toLongArray();
          for (int i = 0; i < exact.length; i++) {
            if ((long) values[i] != exact[i]) {
              throw new CorruptFileException(
                  file, "integer tensor " + e.getKey() + " holds " + exact[i] + ", beyond 2^24");
            }
          }
        }
        out.put(e.getKey(), new Tensor(a.getShape().getShape(), values));
      }
    }
    return out;
  }

  /** Writes tensors as float32 safetensors, atomically. */
  public static void writeAll(Path file, Map<String, Tensor> tensors) throws IOException {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Map<String, NDArray> arrays = new LinkedHashMap<>();
      tensors.forEach((k, t) -> arrays.put(k, manager.create(t.values(), new Shape(t.shape()))));
      Safetensors.write(file, arrays);
    }
  }

  /** Rows when viewed as a matrix: the first dimension. */
  public int rows() {
    return (int) shape[0];
  }

  /** Columns when viewed as a matrix: the product of the other dimensions (in x kh x kw). */
  public int cols() {
    return values.length / rows();
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }
}
