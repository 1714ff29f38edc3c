package org.replearn.riem.fit;

import org.replearn.core.EnumIds;
import org.replearn.core.InvalidInputException;
import org.replearn.riem.layer.RiemShape;

/**
 * Post-training min-max quantisation per column: {@code q(x) = min + round((x - min) / step) *
 * step}, with min and max taken over each column of a {@code [n, dim]} block.
 *
 * @param bits bit width b (1..16)
 * @param step how the step is set from the range
 */
public record MinMaxQuantizer(int bits, Step step) {

  /** The step size rule. */
  public enum Step {
    /** {@code (max - min) / (2^b - 1)}: exactly 2^b levels, min and max both representable. */
    LEVELS,
    /**
     * {@code (max - min) / 2^b}: the official notebook's step; it gives 2^b + 1 levels, so the
     * maximum needs one value more than b bits hold.
     */
    OFFICIAL;

    /**
     * Parses {@code levels|official}, in any case.
     *
     * @throws InvalidInputException naming the allowed steps for any other
     */
    public static Step parse(String s) {
      return EnumIds.parse(Step.class, "quantisation step", s);
    }
  }

  public MinMaxQuantizer {
    InvalidInputException.requireBetween(bits, 1, 16, "bits");
  }

  /** The default quantiser with {@code bits} and {@link Step#LEVELS}. */
  public static MinMaxQuantizer of(int bits) {
    return new MinMaxQuantizer(bits, Step.LEVELS);
  }

  /**
   * Quantises each column of the row-major block {@code values[offset .. offset + n dim)} of shape
   * {@code [n, dim]} in place.
   */
  public void quantizeColumns(float[] values, int offset, int n, int dim) {
    double divisions = step == Step.LEVELS ? Math.pow(2, bits) - 1 : Math.pow(2, bits);
    for (int t = 0; t < dim; t++) {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        float x = values[offset + i * dim + t];
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      double delta = (max - min) / divisions;
      if (delta == 0) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        int at = offset + i * dim + t;
        values[at] = (float) (min + Math.rint((values[at] - min) / delta) * delta);
      }
    }
  }

  /** A copy of RieM parameters with P and Q quantised per column (the metric MLP is kept). */
  public float[] quantizeStates(RiemShape shape, float[] parameters) {
    float[] q = parameters.clone();
    quantizeColumns(q, shape.offsetP(), shape.rows(), shape.stateDim());
    quantizeColumns(q, shape.offsetQ(), shape.cols(), shape.stateDim());
    return q;
  }
}
