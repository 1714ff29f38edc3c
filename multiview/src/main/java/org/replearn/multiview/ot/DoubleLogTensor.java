package org.replearn.multiview.ot;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.numeric.VectorExp;

/**
 * {@link LogTensor} stored as float64, with {@link DoubleVector} SIMD kernels.
 *
 * <p>The exponentials are {@link VectorExp}'s double version, as the float tensor's are its float
 * version, so a float64 solve has the same bits whether the JIT has compiled its loops or not. The
 * Vector API's own EXP, used here before, is Java's scalar Math.exp lane by lane until C2 compiles
 * the loop and a vendor kernel after: the first solves of a JVM differed in the last bits from the
 * later ones (three sizes, 200 solves each; docs/roofline.md).
 */
final class DoubleLogTensor extends LogTensor {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private final double[] t;

  DoubleLogTensor(int[] shape) {
    super(shape);
    this.t = new double[size];
  }

  @Override
  Precision precision() {
    return Precision.FLOAT64;
  }

  @Override
  void setRow(int row, double[] values) {
    int base = row * last;
    for (int j = 0; j < last; j++) {
      t[base + j] = values[j];
    }
  }

  @Override
  double get(int flat) {
    return t[flat];
  }

  @Override
  void patternSegmentLse(
      int base, int len, double[] pattern, double invEps, double[] acc, int slot) {
    int block = Math.max(last, (BLOCK / last) * last);
    int end = base + len;
    for (int b = base; b < end; b += block) {
      int e = Math.min(end, b + block);
      if (last % L == 0) {
        double m = raiseShift(acc, slot, addPatternAndMax(b, e, pattern), invEps);
        acc[2 * slot + 1] += shiftedExpSum(b, e, m, invEps);
        continue;
      }
      for (int r = b; r < e; r += last) {
        addRow(r, pattern);
      }
      sumExpInto(b, e, 0.0, invEps, acc, slot);
    }
  }

  /**
   * Adds p along the last axis to the rows T[b, e) (written back) and returns the maximum of those
   * entries, for rows of whole vectors: {@link #addRow} and {@link #sumExpInto}'s maximum in one
   * pass over the block, as {@code FloatLogTensor} does (one chain, as {@link #sumExpInto}). Same
   * values, so the same bits.
   */
  private double addPatternAndMax(int b, int e, double[] p) {
    DoubleVector vm = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
    int j = 0;
    for (int i = b; i < e; i += L) {
      DoubleVector x = DoubleVector.fromArray(S, t, i).add(DoubleVector.fromArray(S, p, j));
      x.intoArray(t, i);
      vm = vm.blend(x, x.compare(VectorOperators.GT, vm));
      j = j + L == last ? 0 : j + L;
    }
    return vm.reduceLanes(VectorOperators.MAX);
  }

  @Override
  void lastAxisLse(
      int rowFrom, int rowTo, double[] rowDelta, int period, double invEps, double[] acc) {
    int group = Math.max(1, BLOCK / last);
    double ie = invEps;
    double[] colMax = new double[last];
    double[] colShift = new double[last];
    double[] colSum = new double[last];
    for (int g = rowFrom; g < rowTo; g += group) {
      int ge = Math.min(rowTo, g + group);
      java.util.Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
      for (int r = g; r < ge; r++) {
        int base = r * last;
        double d = rowDelta == null ? 0.0 : rowDelta[r % period];
        int j = 0;
        for (; j <= last - L; j += L) {
          DoubleVector x = DoubleVector.fromArray(S, t, base + j);
          if (d != 0) {
            x = x.add(d);
            x.intoArray(t, base + j);
          }
          DoubleVector cm = DoubleVector.fromArray(S, colMax, j);
          cm.blend(x, x.compare(VectorOperators.GT, cm)).intoArray(colMax, j);
        }
        for (; j < last; j++) {
          if (d != 0) {
            t[base + j] += d;
          }
          colMax[j] = Math.max(colMax[j], t[base + j]);
        }
      }
      for (int j = 0; j < last; j++) {
        colShift[j] = raiseShift(acc, j, colMax[j], invEps);
      }
      java.util.Arrays.fill(colSum, 0.0);
      for (int r = g; r < ge; r++) {
        int base = r * last;
        int j = 0;
        for (; j <= last - L; j += L) {
          DoubleVector x = DoubleVector.fromArray(S, t, base + j);
          DoubleVector m = DoubleVector.fromArray(S, colShift, j);
          VectorExp.exp(x.sub(m).mul(ie))
              .add(DoubleVector.fromArray(S, colSum, j))
              .intoArray(colSum, j);
        }
        for (; j < last; j++) {
          colSum[j] += StrictMath.exp((t[base + j] - colShift[j]) * ie);
        }
      }
      for (int j = 0; j < last; j++) {
        acc[2 * j + 1] += colSum[j];
      }
    }
  }

  @Override
  double expRow(int row, double[] pattern, double invEps, double[] out) {
    int base = row * last;
    if (pattern != null) {
      addRow(base, pattern);
    }
    double ie = invEps;
    int j = 0;
    DoubleVector vs = DoubleVector.zero(S);
    for (; j <= last - L; j += L) {
      DoubleVector p = VectorExp.exp(DoubleVector.fromArray(S, t, base + j).mul(ie));
      p.intoArray(out, j);
      vs = vs.add(p);
    }
    double sum = vs.reduceLanes(VectorOperators.ADD);
    for (; j < last; j++) {
      out[j] = StrictMath.exp(t[base + j] * ie);
      sum += out[j];
    }
    return sum;
  }

  /** {@inheritDoc} Row by row through {@link #expRow}, the column sums in double. */
  @Override
  void expRows(
      int rowFrom, int rowTo, double[] pattern, double invEps, double[] colSums, double[] rowSums) {
    double[] row = new double[last];
    for (int r = rowFrom; r < rowTo; r++) {
      rowSums[r - rowFrom] = expRow(r, pattern, invEps, row);
      for (int j = 0; j < last; j++) {
        colSums[j] += row[j];
      }
    }
  }

  private void addRow(int base, double[] p) {
    int j = 0;
    for (; j <= last - L; j += L) {
      DoubleVector.fromArray(S, t, base + j)
          .add(DoubleVector.fromArray(S, p, j))
          .intoArray(t, base + j);
    }
    for (; j < last; j++) {
      t[base + j] += p[j];
    }
  }

  @Override
  void sumExpInto(int b, int e, double delta, double invEps, double[] acc, int slot) {
    double d = delta;
    DoubleVector vm = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
    int i = b;
    if (d == 0) {
      for (; i <= e - L; i += L) {
        DoubleVector x = DoubleVector.fromArray(S, t, i);
        vm = vm.blend(x, x.compare(VectorOperators.GT, vm));
      }
    } else {
      for (; i <= e - L; i += L) {
        DoubleVector x = DoubleVector.fromArray(S, t, i).add(d);
        x.intoArray(t, i);
        vm = vm.blend(x, x.compare(VectorOperators.GT, vm));
      }
    }
    double blockMax = vm.reduceLanes(VectorOperators.MAX);
    for (; i < e; i++) {
      if (d != 0) {
        t[i] += d;
      }
      blockMax = Math.max(blockMax, t[i]);
    }
    double m = raiseShift(acc, slot, blockMax, invEps);
    acc[2 * slot + 1] += shiftedExpSum(b, e, m, invEps);
  }

  /** sum_{i in [b, e)} exp((T[i] - m) invEps): vector lanes, reduced, then the scalar tail. */
  private double shiftedExpSum(int b, int e, double m, double invEps) {
    DoubleVector vs = DoubleVector.zero(S);
    int i = b;
    for (; i <= e - L; i += L) {
      vs = vs.add(VectorExp.exp(DoubleVector.fromArray(S, t, i).sub(m).mul(invEps)));
    }
    double s = vs.reduceLanes(VectorOperators.ADD);
    for (; i < e; i++) {
      s += StrictMath.exp((t[i] - m) * invEps);
    }
    return s;
  }

  @Override
  SegmentSums segmentSums(int slots, int len, double invEps, double[] acc) {
    return new ShortSegmentSums(slots, len, invEps, acc);
  }

  /** {@link SegmentSums} in double lanes: one vector of partial sums per slot. */
  private final class ShortSegmentSums implements SegmentSums {
    private final double invEps;
    private final double[] acc;

    /** [slots][L]: the lane sums of each slot since its last reduction into acc. */
    private final double[] lanes;

    /** Per slot: acc's shift, and the value above which an entry raises it. */
    private final double[] shift;

    private final double[] limit;

    /** Per slot: the segments its lanes hold, reduced into acc at {@link #segmentsPerReduction}. */
    private final int[] held;

    private final int segmentsPerReduction;

    /** Entries per segment. */
    private final int len;

    ShortSegmentSums(int slots, int len, double invEps, double[] acc) {
      this.invEps = invEps;
      this.acc = acc;
      this.lanes = new double[slots * L];
      this.shift = new double[slots];
      this.limit = new double[slots];
      this.held = new int[slots];
      this.len = len;
      this.segmentsPerReduction = Math.max(1, BLOCK / len);
      for (int slot = 0; slot < slots; slot++) {
        readShift(slot);
      }
    }

    private void readShift(int slot) {
      double m = acc[2 * slot];
      shift[slot] = m;
      limit[slot] = (m + SHIFT_HEADROOM / invEps);
    }

    @Override
    public void addRun(int base, double delta, int fromSlot, int toSlot) {
      for (int slot = fromSlot; slot < toSlot; slot++) {
        add(base + (slot - fromSlot) * len, delta, slot);
      }
    }

    private void add(int b, double delta, int slot) {
      double d = delta;
      int e = b + len;
      DoubleVector vm = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
      int i = b;
      for (; i <= e - L; i += L) {
        DoubleVector x = DoubleVector.fromArray(S, t, i);
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, i);
        }
        vm = vm.blend(x, x.compare(VectorOperators.GT, vm));
      }
      double tailMax = Double.NEGATIVE_INFINITY;
      for (; i < e; i++) {
        if (d != 0) {
          t[i] += d;
        }
        tailMax = Math.max(tailMax, t[i]);
      }
      if (vm.compare(VectorOperators.GT, limit[slot]).anyTrue() || tailMax > limit[slot]) {
        reduce(slot);
        raiseShift(acc, slot, Math.max(vm.reduceLanes(VectorOperators.MAX), tailMax), invEps);
        readShift(slot);
      }
      double m = shift[slot];
      DoubleVector vs = DoubleVector.fromArray(S, lanes, slot * L);
      for (i = b; i <= e - L; i += L) {
        vs = vs.add(VectorExp.exp(DoubleVector.fromArray(S, t, i).sub(m).mul(invEps)));
      }
      vs.intoArray(lanes, slot * L);
      for (; i < e; i++) {
        acc[2 * slot + 1] += StrictMath.exp((t[i] - m) * invEps);
      }
      if (++held[slot] == segmentsPerReduction) {
        reduce(slot);
      }
    }

    /** Adds slot {@code slot}'s lanes to its sum in acc and clears them. */
    private void reduce(int slot) {
      DoubleVector v = DoubleVector.fromArray(S, lanes, slot * L);
      acc[2 * slot + 1] += v.reduceLanes(VectorOperators.ADD);
      DoubleVector.zero(S).intoArray(lanes, slot * L);
      held[slot] = 0;
    }

    @Override
    public void finish() {
      for (int slot = 0; slot < shift.length; slot++) {
        reduce(slot);
      }
    }
  }
}
