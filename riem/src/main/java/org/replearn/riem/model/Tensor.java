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
import org.replearn.core.io.Safetensors;

/**
 * A named float tensor held in Java memory (a state-dict entry).
 *
 * @param shape e.g. {@code [out, in]} for Linear, {@code [out, in, kh, kw]} for Conv2d
 * @param values row-major
 */
public record Tensor(long[] shape, float[] values) {

  /** Reads every tensor of a safetensors file as float32 (other float types are converted). */
  public static Map<String, Tensor> readAll(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      for (Map.Entry<String, NDArray> e : Safetensors.read(file, manager).entrySet()) {
        NDArray a = e.getValue();
        if (!a.getDataType().isFloating()) {
          throw new CorruptFileException(
              file, "tensor " + e.getKey() + " has type " + a.getDataType() + ", need floats");
        }
        out.put(
            e.getKey(),
            new Tensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray()));
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
