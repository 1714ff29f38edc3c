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
class SmallVitTest {

  /**
   * Multi-head attention against plain loops in timm's layout: the rows of {@code qkv.weight} are
   * query, key, value (64 each), and within each, head h owns rows 16 h .. 16 h + 15; the heads'
   * outputs are concatenated in order before {@code proj}.
   */
  @Test
  void attentionMatchesPlainLoopsInTimmsLayout() {
    int t = SmallVit.TOKENS;
    int d = SmallVit.DIM;
    int heads = SmallVit.HEADS;
    int hd = d / heads;
    try (NDManager manager = NDManager.newBaseManager()) {
      SplittableRandom rng = new SplittableRandom(11);
      Map<String, NDArray> p = new LinkedHashMap<>();
      p.put("a.qkv.weight", RandomArrays.normal(manager, rng, new Shape(3 * d, d), 0, 0.3f));
      p.put("a.qkv.bias", RandomArrays.normal(manager, rng, new Shape(3 * d), 0, 0.3f));
      p.put("a.proj.weight", RandomArrays.normal(manager, rng, new Shape(d, d), 0, 0.2f));
      p.put("a.proj.bias", RandomArrays.normal(manager, rng, new Shape(d), 0, 0.2f));
      NDArray x = RandomArrays.normal(manager, rng, new Shape(2, t, d), 0, 1);
      float[] out = SmallVit.attention(p, "a", x).toFloatArray();

      float[] xs = x.toFloatArray();
      float[] wqkv = p.get("a.qkv.weight").toFloatArray();
      float[] bqkv = p.get("a.qkv.bias").toFloatArray();
      float[] wp = p.get("a.proj.weight").toFloatArray();
      float[] bp = p.get("a.proj.bias").toFloatArray();
      for (int n = 0; n < 2; n++) {
        double[][] qkv = new double[t][3 * d];
        for (int i = 0; i < t; i++) {
          for (int r = 0; r < 3 * d; r++) {
            double s = bqkv[r];
            for (int c = 0; c < d; c++) {
              s += wqkv[r * d + c] * xs[(n * t + i) * d + c];
            }
            qkv[i][r] = s;
          }
        }
        double[][] merged = new double[t][d];
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < t; i++) {
            double[] a = new double[t];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < t; j++) {
              for (int c = 0; c < hd; c++) {
                a[j] += qkv[i][h * hd + c] * qkv[j][d + h * hd + c];
              }
              a[j] /= Math.sqrt(hd);
              max = Math.max(max, a[j]);
            }
            double z = 0;
            for (int j = 0; j < t; j++) {
              a[j] = Math.exp(a[j] - max);
              z += a[j];
            }
            for (int j = 0; j < t; j++) {
              for (int c = 0; c < hd; c++) {
                merged[i][h * hd + c] += a[j] / z * qkv[j][2 * d + h * hd + c];
              }
            }
          }
        }
        for (int i = 0; i < t; i++) {
          for (int r = 0; r < d; r++) {
            double s = bp[r];
            for (int c = 0; c < d; c++) {
              s += wp[r * d + c] * merged[i][c];
            }
            assertEquals(s, out[(n * t + i) * d + r], 1e-4);
          }
        }
      }
    }
  }
}
