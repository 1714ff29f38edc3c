package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.Safetensors;

@Tag("engine")
class TensorTest {

  /** A PyTorch batch norm's int64 counter is read as an exact float; a huge integer is refused. */
  @Test
  void integerTensorsAreReadAsExactFloats(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bn.safetensors");
    Path huge = dir.resolve("huge.safetensors");
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> state = new LinkedHashMap<>();
      state.put("bn.running_mean", manager.create(new float[] {0.5f, -1f}));
      state.put("bn.num_batches_tracked", manager.create(938L));
      Safetensors.write(file, state);
      Safetensors.write(huge, Map.of("count", manager.create((1L << 24) + 1)));
    }
    Map<String, Tensor> read = Tensor.readAll(file);
    assertArrayEquals(new float[] {938f}, read.get("bn.num_batches_tracked").values());
    assertArrayEquals(new float[] {0.5f, -1f}, read.get("bn.running_mean").values());
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> Tensor.readAll(huge));
    assertTrue(e.getMessage().contains("16777217"), e.getMessage());
  }
}
