package org.replearn.riem.baseline;

import java.util.Map;
import org.replearn.riem.fit.MinMaxQuantizer;
import org.replearn.riem.layer.StorageAccounting;

/**
 * Plain weight quantisation: each row of W (one output neuron) is min-max quantised with its own
 * scale. Storage: {@code rows cols bits} plus, under honest accounting, a float32 min and step per
 * row.
 */
public final class MinMaxQuantization {
  private MinMaxQuantization() {}

  /** W {@code [rows, cols]} quantised per row to {@code quantizer.bits()}. */
  public static Compressed quantize(
      float[] w, int rows, int cols, MinMaxQuantizer quantizer, StorageAccounting accounting) {
    // a row of W is a column of W^T: quantise the transpose per column
    float[] t = transpose(w, rows, cols);
    quantizer.quantizeColumns(t, 0, cols, rows);
    float[] out = transpose(t, cols, rows);
    long bits = (long) rows * cols * quantizer.bits();
    if (accounting == StorageAccounting.HONEST) {
      bits += 2L * rows * StorageAccounting.FLOAT_BITS;
    }
    return new Compressed(
        "quantize", rows, cols, out, bits, (long) rows * cols, Map.of("bits", quantizer.bits()));
  }

  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }
}
