package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.RandomArrays;

@Tag("engine")
class LayersTest {

  /**
   * BatchNorm2d against its definition (PyTorch's docs): training normalises each channel with the
   * batch mean and biased variance, then running = 0.9 running + 0.1 batch statistic with the
   * unbiased variance; evaluation uses the running statistics.
   */
  @Test
  void batchNormMatchesPyTorchsDefinition() {
    int n = 4;
    int c = 3;
    int hw = 5 * 5;
    try (NDManager manager = NDManager.newBaseManager()) {
      SplittableRandom rng = new SplittableRandom(7);
      NDArray x = RandomArrays.normal(manager, rng, new Shape(n, c, 5, 5), 0.5f, 2f);
      Map<String, NDArray> p = new LinkedHashMap<>();
      p.put("bn.weight", manager.create(new float[] {1.5f, -0.5f, 2f}));
      p.put("bn.bias", manager.create(new float[] {0.1f, 0.2f, -0.3f}));
      p.put("bn.running_mean", manager.create(new float[] {1f, 0f, -1f}));
      p.put("bn.running_var", manager.create(new float[] {2f, 1f, 0.5f}));
      float[] gamma = p.get("bn.weight").toFloatArray();
      float[] beta = p.get("bn.bias").toFloatArray();
      float[] runMean = p.get("bn.running_mean").toFloatArray();
      float[] runVar = p.get("bn.running_var").toFloatArray();
      float[] xs = x.toFloatArray();

      float[] eval = Layers.batchNorm(p, "bn", x, false).toFloatArray();
      float[] train = Layers.batchNorm(p, "bn", x, true).toFloatArray();
      float[] newMean = p.get("bn.running_mean").toFloatArray();
      float[] newVar = p.get("bn.running_var").toFloatArray();
      for (int ch = 0; ch < c; ch++) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < hw; j++) {
            sum += xs[(i * c + ch) * hw + j];
          }
        }
        double mean = sum / (n * hw);
        double sq = 0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < hw; j++) {
            double dx = xs[(i * c + ch) * hw + j] - mean;
            sq += dx * dx;
          }
        }
        double biased = sq / (n * hw);
        double unbiased = sq / (n * hw - 1);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < hw; j++) {
            int k = (i * c + ch) * hw + j;
            double expectTrain = (xs[k] - mean) / Math.sqrt(biased + 1e-5) * gamma[ch] + beta[ch];
            double expectEval =
                (xs[k] - runMean[ch]) / Math.sqrt(runVar[ch] + 1e-5) * gamma[ch] + beta[ch];
            assertEquals(expectTrain, train[k], 1e-4);
            assertEquals(expectEval, eval[k], 1e-4);
          }
        }
        assertEquals(0.9 * runMean[ch] + 0.1 * mean, newMean[ch], 1e-5);
        assertEquals(0.9 * runVar[ch] + 0.1 * unbiased, newVar[ch], 1e-4);
      }
    }
  }

  /** LayerNorm over the last axis: (x - mean) / sqrt(biased var + eps) * weight + bias. */
  @Test
  void layerNormMatchesItsDefinition() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = RandomArrays.normal(manager, new SplittableRandom(8), new Shape(2, 3, 4), 1, 3);
      Map<String, NDArray> p = new LinkedHashMap<>();
      p.put("ln.weight", manager.create(new float[] {1f, 2f, -1f, 0.5f}));
      p.put("ln.bias", manager.create(new float[] {0f, 1f, 0.5f, -2f}));
      float[] out = Layers.layerNorm(p, "ln", x, 4, 1e-6f).toFloatArray();
      float[] xs = x.toFloatArray();
      float[] w = p.get("ln.weight").toFloatArray();
      float[] b = p.get("ln.bias").toFloatArray();
      for (int row = 0; row < 6; row++) {
        double mean = 0;
        for (int j = 0; j < 4; j++) {
          mean += xs[row * 4 + j] / 4.0;
        }
        double var = 0;
        for (int j = 0; j < 4; j++) {
          var += Math.pow(xs[row * 4 + j] - mean, 2) / 4.0;
        }
        for (int j = 0; j < 4; j++) {
          double expect = (xs[row * 4 + j] - mean) / Math.sqrt(var + 1e-6) * w[j] + b[j];
          assertEquals(expect, out[row * 4 + j], 1e-4);
        }
      }
    }
  }
}
