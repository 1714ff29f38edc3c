package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.baseline.MatrixCompressors;

class ModelCompressorTest {

  static Tensor random(SplittableRandom rng, long... shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return new Tensor(shape, v);
  }

  @Test
  void compressesLinearAndFoldedConvWeightsAndKeepsTheRest() {
    SplittableRandom rng = new SplittableRandom(0);
    Map<String, Tensor> model = new LinkedHashMap<>();
    model.put("conv.weight", random(rng, 16, 6, 5, 5)); // folded to 16 x 150
    model.put("conv.bias", random(rng, 16));
    model.put("fc.weight", random(rng, 40, 100));
    model.put("head.weight", random(rng, 10, 20)); // below 1,024 entries: kept
    ModelCompressor.Settings settings =
        new ModelCompressor.Settings(
            MatrixCompressors.Method.SVD,
            0.3,
            MatrixCompressors.Options.defaults(),
            ModelCompressor.DEFAULT_MIN_ENTRIES);
    ModelCompressor.Result r = ModelCompressor.compress(model, settings, new Seeds(0));
    assertEquals(4, r.layers().size());
    ModelCompressor.LayerReport conv = r.layers().get(0);
    assertTrue(conv.compressed());
    assertEquals(16, conv.rows());
    assertEquals(150, conv.cols());
    assertTrue(conv.compressionRatio() <= 0.3);
    assertArrayEquals(new long[] {16, 6, 5, 5}, r.tensors().get("conv.weight").shape());
    assertFalse(r.layers().get(1).compressed());
    assertSame(model.get("conv.bias"), r.tensors().get("conv.bias"));
    assertFalse(r.layers().get(3).compressed());
    long total = 0;
    for (ModelCompressor.LayerReport l : r.layers()) {
      total += l.storedBits();
    }
    assertEquals(total, r.storedBits());
    assertTrue(r.compressionRatio() < 1 && r.compressionRatio() > 0.3);
  }
}
