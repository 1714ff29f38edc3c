package org.replearn.multiview.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.IntToDoubleFunction;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused log-sum-exp passes of {@link LogTensor} against a direct float64 computation (maximum,
 * then sum of StrictMath exponentials, per output index), on tensors whose entries grow along the
 * pass: steeply, so that later blocks exceed a slot's shift by far more than {@link
 * LogTensor#SHIFT_HEADROOM} and the running sum must be rescaled, and gently, so that blocks are
 * summed against an older, lower shift. A wrong rescale or a shift that drops a block's largest
 * terms moves the result by far more than float rounding.
 */
class LogTensorTest {
  private static final int[] SHAPE = {2, 3, 5, 700};

  /**
   * Short rows (12 entries: one vector and a scalar tail, or two tails) along the last axis: the
   * pass over axis 2 sums 960 segments of one row into 8 slots, so a slot's lanes are reduced
   * mid-pass and its shift is raised, or left, between segments.
   */
  private static final int[] SHORT_ROWS = {4, 30, 8, 12};

  /**
   * Rows of exactly one float vector (16 entries with AVX-512, 8 with AVX2), which the float32 pass
   * over axis 2 takes a run of slots at a time in two loops ({@code FloatLogTensor}'s one-vector
   * segment sums), and to which the passes over axes 0 and 1 add a pending update along the last
   * axis.
   */
  private static final int[] ONE_VECTOR_ROWS = {4, 30, 8, FloatVector.SPECIES_PREFERRED.length()};

  /**
   * Rows of two float vectors, to which the passes over axes 0 to 2 add a pending update along the
   * last axis (segments of 31 rows: an odd number of vectors); the pass over axis 2 without it sums
   * segments of two vectors, each vector into a sub-slot of its own ({@code FloatLogTensor}'s
   * one-vector segment sums).
   */
  private static final int[] TWO_VECTOR_ROWS = {
    2, 3, 31, 2 * FloatVector.SPECIES_PREFERRED.length()
  };

  /**
   * Rows of three float vectors, the shortest multiple of a vector that is not split into
   * sub-slots: the pass over axis 2 sums 150 segments into 6 slots.
   */
  private static final int[] THREE_VECTOR_ROWS = {
    3, 25, 6, 3 * FloatVector.SPECIES_PREFERRED.length()
  };

  /**
   * Two axes with short rows: the pass over axis 0 splits its 5 segments between two parts, so a
   * part's run of slots starts in the middle of the cycle (slots 2 to 4).
   */
  private static final int[] TWO_AXES = {5, FloatVector.SPECIES_PREFERRED.length()};

  private static final double INV_EPS = 20;

  /** T[flat] = slope * flat + sin(flat): growth along the pass plus ripples. */
  private static double entry(int flat, double slope) {
    return slope * flat + Math.sin(flat);
  }

  /** LSE over all axes but {@code axis} of (T + added) * INV_EPS, in float64 by definition. */
  private static double[] reference(
      int[] shape, double slope, int axis, double[] added, int addedAxis) {
    LogTensor shapeOnly = LogTensor.allocate(Precision.FLOAT64, shape);
    int n = shape[axis];
    double[] max = new double[n];
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    double[] values = new double[shapeOnly.size];
    for (int flat = 0; flat < values.length; flat++) {
      double v = entry(flat, slope);
      if (added != null) {
        v += added[(flat / shapeOnly.strides[addedAxis]) % shape[addedAxis]];
      }
      values[flat] = v * INV_EPS;
      int slot = (flat / shapeOnly.strides[axis]) % n;
      max[slot] = Math.max(max[slot], values[flat]);
    }
    double[] sum = new double[n];
    for (int flat = 0; flat < values.length; flat++) {
      int slot = (flat / shapeOnly.strides[axis]) % n;
      sum[slot] += StrictMath.exp(values[flat] - max[slot]);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = max[i] + StrictMath.log(sum[i]);
    }
    return out;
  }

  /** A tensor whose entry at flat index f is {@code value.applyAsDouble(f)}. */
  private static LogTensor filled(int[] shape, Precision precision, IntToDoubleFunction value) {
    LogTensor t = LogTensor.allocate(precision, shape);
    int last = shape[shape.length - 1];
    double[] row = new double[last];
    for (int r = 0; r < t.rows; r++) {
      for (int j = 0; j < last; j++) {
        row[j] = value.applyAsDouble(r * last + j);
      }
      t.setRow(r, row);
    }
    return t;
  }

  /** A pending update along {@code axis}: alternating signs, large enough to move the maxima. */
  private static double[] delta(int[] shape, int axis) {
    double[] d = new double[shape[axis]];
    for (int i = 0; i < d.length; i++) {
      d[i] = (i % 2 == 0 ? 1.5 : -2.25) * (i + 1);
    }
    return d;
  }

  @ParameterizedTest(name = "{0} rows, {1}, slope {2}, axis {3}, pending axis {4}, {5} parts")
  @CsvSource({
    "long, FLOAT32, 0.01, 0, -1, 1",
    "long, FLOAT32, 0.01, 1, 0, 2",
    "long, FLOAT32, 0.01, 2, 1, 2",
    "long, FLOAT32, 0.01, 3, 2, 2",
    "long, FLOAT32, 0.01, 0, 3, 2",
    "long, FLOAT32, 0.0001, 0, -1, 2",
    "long, FLOAT32, 0.0001, 3, 2, 1",
    "long, FLOAT32, -0.01, 1, 0, 2",
    "long, FLOAT32, -0.01, 3, -1, 2",
    "long, FLOAT64, 0.01, 0, 3, 2",
    "long, FLOAT64, 0.01, 3, 2, 2",
    "long, FLOAT64, 0.0001, 2, 1, 1",
    "long, FLOAT64, -0.01, 1, 0, 2",
    "short, FLOAT32, 0.01, 2, 1, 2",
    "short, FLOAT32, 0.01, 2, -1, 1",
    "short, FLOAT32, 0.0001, 2, 1, 2",
    "short, FLOAT32, -0.01, 2, 0, 1",
    "short, FLOAT32, 0.01, 3, 2, 2",
    "short, FLOAT64, 0.01, 2, 1, 2",
    "short, FLOAT64, 0.0001, 2, 0, 1",
    "vector, FLOAT32, 0.01, 2, 1, 2",
    "vector, FLOAT32, 0.0001, 2, -1, 1",
    "vector, FLOAT32, -0.01, 2, 0, 1",
    "vector, FLOAT32, 0.01, 2, 1, 1",
    "vector, FLOAT64, 0.01, 2, 1, 2",
    "vector, FLOAT32, 0.01, 0, 3, 2",
    "vector, FLOAT32, -0.01, 1, 3, 1",
    "vector, FLOAT64, 0.01, 1, 3, 2",
    "pairs, FLOAT32, 0.01, 0, 3, 2",
    "pairs, FLOAT32, -0.01, 1, 3, 1",
    "pairs, FLOAT32, 0.0001, 2, 3, 1",
    "pairs, FLOAT32, 0.01, 2, 1, 2",
    "pairs, FLOAT32, 0.0001, 2, -1, 1",
    "pairs, FLOAT32, -0.01, 2, 0, 2",
    "pairs, FLOAT64, 0.01, 2, 1, 2",
    "threes, FLOAT32, 0.01, 2, 1, 2",
    "threes, FLOAT32, -0.01, 2, 0, 1",
    "two, FLOAT32, 0.01, 0, -1, 2",
    "two, FLOAT32, -0.01, 0, -1, 2",
    "two, FLOAT64, 0.01, 0, -1, 2"
  })
  void lseMatchesTheDefinition(
      String rows, Precision precision, double slope, int axis, int pendingAxis, int parts) {
    int[] shape =
        switch (rows) {
          case "short" -> SHORT_ROWS;
          case "vector" -> ONE_VECTOR_ROWS;
          case "pairs" -> TWO_VECTOR_ROWS;
          case "threes" -> THREE_VECTOR_ROWS;
          case "two" -> TWO_AXES;
          default -> SHAPE;
        };
    checkLse(shape, precision, slope, axis, pendingAxis, parts);
  }

  private static void checkLse(
      int[] shape, Precision precision, double slope, int axis, int pendingAxis, int parts) {
    LogTensor t = filled(shape, precision, flat -> entry(flat, slope));
    double[] pending = pendingAxis < 0 ? null : delta(shape, pendingAxis);
    double[] got = t.lse(axis, pendingAxis, pending, INV_EPS, parts);
    double[] want = reference(shape, slope, axis, pending, pendingAxis);
    // a float32 entry is off by up to half an ulp of the largest magnitude, an LSE by INV_EPS times
    // that; float64 rounding is far smaller
    double maxAbs = Math.abs(slope) * t.size + 1 + 10;
    for (int i = 0; i < want.length; i++) {
      double tol =
          precision == Precision.FLOAT32
              ? INV_EPS * 2 * Math.ulp((float) maxAbs)
              : 1e-9 * Math.max(1, Math.abs(want[i]));
      assertEquals(want[i], got[i], tol, "i=" + i);
    }
    if (pending != null) {
      int flat = t.size - 1;
      double expected =
          entry(flat, slope) + pending[(flat / t.strides[pendingAxis]) % shape[pendingAxis]];
      assertEquals(expected, t.get(flat), precision == Precision.FLOAT32 ? 1e-4 : 1e-12);
    }
  }

  /**
   * The one-dimensional marginals of exp(T invEps) and the total mass, after a pending update along
   * the last axis (or none), against their definition in float64: on four axes whose rows group
   * across planes (12-entry rows, planes of 8 rows), on rows longer than a block (one row a group),
   * on two axes, split between one or two parts.
   */
  @ParameterizedTest(name = "{0}, {1}, pending {2}, {3} parts")
  @CsvSource({
    "short, FLOAT32, true, 2",
    "short, FLOAT32, false, 1",
    "short, FLOAT64, true, 2",
    "vector, FLOAT32, true, 2",
    "long, FLOAT32, true, 2",
    "long, FLOAT64, false, 1",
    "wide, FLOAT32, true, 2",
    "wide, FLOAT64, true, 1",
    "two, FLOAT32, true, 2",
    "two, FLOAT32, false, 1"
  })
  void marginalsMatchTheDefinition(String rows, Precision precision, boolean pending, int parts) {
    int[] shape =
        switch (rows) {
          case "short" -> SHORT_ROWS;
          case "vector" -> ONE_VECTOR_ROWS;
          case "wide" -> new int[] {3, 7, 1100};
          case "two" -> TWO_AXES;
          default -> SHAPE;
        };
    int k = shape.length;
    int last = shape[k - 1];
    LogTensor t = filled(shape, precision, LogTensorTest::smallEntry);
    double[] delta = null;
    if (pending) {
      delta = new double[last];
      for (int j = 0; j < last; j++) {
        delta[j] = 0.1 * Math.cos(j);
      }
    }
    double invEps = 0.5;
    double[][] got = t.marginals(delta, invEps, parts);
    double[][] want = new double[k + 1][];
    for (int l = 0; l < k; l++) {
      want[l] = new double[shape[l]];
    }
    want[k] = new double[1];
    for (int flat = 0; flat < t.size; flat++) {
      double v = precision == Precision.FLOAT32 ? (float) smallEntry(flat) : smallEntry(flat);
      if (delta != null) {
        v += delta[flat % last];
      }
      double p = StrictMath.exp(v * invEps);
      for (int l = 0; l < k; l++) {
        want[l][(flat / t.strides[l]) % shape[l]] += p;
      }
      want[k][0] += p;
    }
    double rel = precision == Precision.FLOAT32 ? 1e-5 : 1e-12;
    for (int l = 0; l <= k; l++) {
      for (int i = 0; i < want[l].length; i++) {
        assertEquals(want[l][i], got[l][i], rel * want[l][i], "marginal " + l + ", index " + i);
      }
    }
  }

  /** Entries of moderate size (-0.5 to 0.1), whose exponentials need no shift. */
  private static double smallEntry(int flat) {
    return 0.3 * Math.sin(flat) - 0.2;
  }
}
