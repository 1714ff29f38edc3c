package org.replearn.riem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.fit.FitConfig;
import org.replearn.riem.model.ModelCompressor;
import org.replearn.riem.model.Tensor;

/** Runs the README's "From Java" RieM example (ReadmeExamplesTest checks it is there). */
class RiemExampleTest {

  @Test
  void readmeExample() {
    // README example: begin
    // a one-layer state dict: a 64 x 32 Gaussian weight and its bias
    SplittableRandom rng = new SplittableRandom(1);
    float[] weight = new float[64 * 32];
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) rng.nextGaussian();
    }
    Map<String, Tensor> stateDict = new LinkedHashMap<>();
    stateDict.put("fc.weight", new Tensor(new long[] {64, 32}, weight));
    stateDict.put("fc.bias", new Tensor(new long[] {64}, new float[64]));
    // RieM at a quarter of the float32 size, with a short fitting schedule
    MatrixCompressors.Options options =
        MatrixCompressors.Options.defaults()
            .withFit(FitConfig.fast(1, 1).withSearch(2, 50).withMainSteps(300));
    ModelCompressor.Result compressed =
        Riem.compress(stateDict, MatrixCompressors.Method.RIEM, 0.25, options, 42L);
    ModelCompressor.LayerReport layer = compressed.layers().get(0);
    System.out.printf(
        "%s: ratio %.3f, relative error %.3f; whole model ratio %.3f%n",
        layer.name(),
        layer.compressionRatio(),
        layer.relativeError(),
        compressed.compressionRatio());
    // README example: end
    assertTrue(layer.compressed());
    assertTrue(layer.compressionRatio() <= 0.25, "ratio " + layer.compressionRatio());
    // a zero reconstruction has error mean|W| / std(W) = sqrt(2 / pi) = 0.80 for Gaussian W
    assertTrue(layer.relativeError() < 0.8, "relative error " + layer.relativeError());
    ModelCompressor.LayerReport bias = compressed.layers().get(1);
    assertFalse(bias.compressed());
    assertArrayEquals(new float[64], compressed.tensors().get("fc.bias").values());
    long denseBits = 32L * (64 * 32 + 64);
    assertEquals(
        compressed.storedBits() / (double) denseBits, compressed.compressionRatio(), 1e-12);
  }
}
