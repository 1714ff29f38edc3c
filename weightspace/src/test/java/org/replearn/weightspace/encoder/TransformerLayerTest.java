package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The post-LN transformer layer against a plain-Java evaluation of PyTorch's {@code
 * TransformerEncoderLayer} formulas (float64, random parameters), and its last-token path against
 * the last row of the full output.
 */
@Tag("engine")
class TransformerLayerTest {
  private static final int B = 2;
  private static final int S = 5;
  private static final int D = 6;
  private static final int HEADS = 2;
  private static final int FF = 10;

  @Test
  void layerMatchesTheFormulasAndItsLastTokenPathMatchesTheLastRow() {
    try (NDManager manager = NDManager.newBaseManager();
        ParameterStore store = new ParameterStore(manager, DataType.FLOAT64)) {
      TransformerLayer layer =
          new TransformerLayer(store, "l", D, HEADS, FF, new SplittableRandom(1));
      SplittableRandom rng = new SplittableRandom(2);
      Map<String, double[]> values = new LinkedHashMap<>();
      Map<String, NDArray> saved = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> e : store.asMap().entrySet()) {
        Shape shape = e.getValue().getShape();
        double[] v = new double[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = rng.nextGaussian() * 0.7;
        }
        values.put(e.getKey().substring(2), v);
        saved.put(e.getKey(), manager.create(v, shape));
      }
      store.load(saved, "");
      double[] x = new double[B * S * D];
      for (int i = 0; i < x.length; i++) {
        x[i] = rng.nextGaussian();
      }
      double[] expected = reference(x, values);
      UnaryOperator<NDArray> identity = a -> a;
      try (NDManager scope = manager.newSubManager()) {
        scope.tempAttachAll(store.asNDList());
        NDArray input = scope.create(x, new Shape(B, S, D));
        assertArrayEquals(expected, layer.apply(input, false, identity).toDoubleArray(), 1e-10);
        double[] last = new double[B * D];
        for (int b = 0; b < B; b++) {
          System.arraycopy(expected, (b * S + S - 1) * D, last, b * D, D);
        }
        assertArrayEquals(last, layer.apply(input, true, identity).toDoubleArray(), 1e-10);
      }
    }
  }

  /** y = LN2(h + W2 relu(W1 h)), h = LN1(x + MHA(x)); weights stored [in, out]. */
  private static double[] reference(double[] x, Map<String, double[]> p) {
    double[] y = new double[x.length];
    int hw = D / HEADS;
    for (int b = 0; b < B; b++) {
      double[][] rows = new double[S][];
      double[][] qkv = new double[S][];
      for (int s = 0; s < S; s++) {
        rows[s] = java.util.Arrays.copyOfRange(x, (b * S + s) * D, (b * S + s + 1) * D);
        qkv[s] =
            affine(rows[s], p.get("self_attn.in_proj.weight"), p.get("self_attn.in_proj.bias"));
      }
      for (int i = 0; i < S; i++) {
        double[] mixed = new double[D];
        for (int h = 0; h < HEADS; h++) {
          double[] scores = new double[S];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < S; j++) {
            for (int c = h * hw; c < (h + 1) * hw; c++) {
              scores[j] += qkv[i][c] * qkv[j][D + c] / Math.sqrt(hw);
            }
            max = Math.max(max, scores[j]);
          }
          double total = 0;
          for (int j = 0; j < S; j++) {
            scores[j] = Math.exp(scores[j] - max);
            total += scores[j];
          }
          for (int j = 0; j < S; j++) {
            for (int c = h * hw; c < (h + 1) * hw; c++) {
              mixed[c] += scores[j] / total * qkv[j][2 * D + c];
            }
          }
        }
        double[] attention =
            affine(mixed, p.get("self_attn.out_proj.weight"), p.get("self_attn.out_proj.bias"));
        double[] h = norm(sum(rows[i], attention), p.get("norm1.weight"), p.get("norm1.bias"));
        double[] hidden = affine(h, p.get("linear1.weight"), p.get("linear1.bias"));
        for (int c = 0; c < hidden.length; c++) {
          hidden[c] = Math.max(0, hidden[c]);
        }
        double[] ff = affine(hidden, p.get("linear2.weight"), p.get("linear2.bias"));
        double[] out = norm(sum(h, ff), p.get("norm2.weight"), p.get("norm2.bias"));
        System.arraycopy(out, 0, y, (b * S + i) * D, D);
      }
    }
    return y;
  }

  private static double[] affine(double[] v, double[] weight, double[] bias) {
    double[] out = bias.clone();
    for (int i = 0; i < v.length; i++) {
      for (int o = 0; o < out.length; o++) {
        out[o] += v[i] * weight[i * out.length + o];
      }
    }
    return out;
  }

  private static double[] sum(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  private static double[] norm(double[] v, double[] gain, double[] bias) {
    double mean = 0;
    for (double e : v) {
      mean += e / v.length;
    }
    double variance = 0;
    for (double e : v) {
      variance += (e - mean) * (e - mean) / v.length;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (v[i] - mean) / Math.sqrt(variance + 1e-5) * gain[i] + bias[i];
    }
    return out;
  }
}
