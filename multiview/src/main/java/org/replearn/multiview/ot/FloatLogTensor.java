package org.replearn.multiview.ot;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.numeric.VectorExp;

/** {@link LogTensor} stored as float32, with {@link FloatVector} SIMD kernels. */
final class FloatLogTensor extends LogTensor {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private final float[] t;
  private final ThreadLocal<float[]> scratch;

  FloatLogTensor(int[] shape) {
    super(shape);
    this.t = new float[size];
    this.scratch = ThreadLocal.withInitial(() -> new float[Math.max(BLOCK, last)]);
  }

  @Override
  Precision precision() {
    return Precision.FLOAT32;
  }

  @Override
  void setRow(int row, double[] values) {
    int base = row * last;
    for (int j = 0; j < last; j++) {
      t[base + j] = (float) values[j];
    }
  }

  @Override
  double get(int flat) {
    return t[flat];
  }

  @Override
  void patternSegmentLse(
      int base, int len, double[] pattern, double invEps, double[] acc, int slot) {
    float[] p = toFloat(pattern);
    int block = Math.max(last, (BLOCK / last) * last);
    int end = base + len;
    for (int b = base; b < end; b += block) {
      int e = Math.min(end, b + block);
      for (int r = b; r < e; r += last) {
        addRow(r, p);
      }
      sumExpInto(b, e, invEps, acc, slot);
    }
  }

  @Override
  void lastAxisLse(
      int rowFrom, int rowTo, double[] rowDelta, int period, double invEps, double[] acc) {
    int group = Math.max(1, BLOCK / last);
    float ie = (float) invEps;
    float[] colMax = new float[last];
    float[] colShift = new float[last];
    float[] colSum = new float[last];
    for (int g = rowFrom; g < rowTo; g += group) {
      int ge = Math.min(rowTo, g + group);
      java.util.Arrays.fill(colMax, Float.NEGATIVE_INFINITY);
      for (int r = g; r < ge; r++) {
        int base = r * last;
        if (rowDelta != null) {
          addScalar(base, base + last, rowDelta[r % period]);
        }
        int j = 0;
        for (; j <= last - L; j += L) {
          FloatVector.fromArray(S, t, base + j)
              .max(FloatVector.fromArray(S, colMax, j))
              .intoArray(colMax, j);
        }
        for (; j < last; j++) {
          colMax[j] = Math.max(colMax[j], t[base + j]);
        }
      }
      for (int j = 0; j < last; j++) {
        colShift[j] = (float) raiseShift(acc, j, colMax[j], invEps);
      }
      java.util.Arrays.fill(colSum, 0f);
      for (int r = g; r < ge; r++) {
        int base = r * last;
        int j = 0;
        for (; j <= last - L; j += L) {
          FloatVector x = FloatVector.fromArray(S, t, base + j);
          FloatVector m = FloatVector.fromArray(S, colShift, j);
          VectorExp.exp(x.sub(m).mul(ie))
              .add(FloatVector.fromArray(S, colSum, j))
              .intoArray(colSum, j);
        }
        for (; j < last; j++) {
          colSum[j] += (float) StrictMath.exp((t[base + j] - colShift[j]) * ie);
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
      addRow(base, toFloat(pattern));
    }
    float ie = (float) invEps;
    float[] buf = scratch.get();
    int j = 0;
    FloatVector vs = FloatVector.zero(S);
    for (; j <= last - L; j += L) {
      FloatVector p = VectorExp.exp(FloatVector.fromArray(S, t, base + j).mul(ie));
      p.intoArray(buf, j);
      vs = vs.add(p);
    }
    double sum = vs.reduceLanes(VectorOperators.ADD);
    for (; j < last; j++) {
      buf[j] = (float) StrictMath.exp(t[base + j] * ie);
      sum += buf[j];
    }
    for (j = 0; j < last; j++) {
      out[j] = buf[j];
    }
    return sum;
  }

  @Override
  void addScalar(int b, int e, double delta) {
    float d = (float) delta;
    int i = b;
    for (; i <= e - L; i += L) {
      FloatVector.fromArray(S, t, i).add(d).intoArray(t, i);
    }
    for (; i < e; i++) {
      t[i] += d;
    }
  }

  private void addRow(int base, float[] p) {
    int j = 0;
    for (; j <= last - L; j += L) {
      FloatVector.fromArray(S, t, base + j)
          .add(FloatVector.fromArray(S, p, j))
          .intoArray(t, base + j);
    }
    for (; j < last; j++) {
      t[base + j] += p[j];
    }
  }

  @Override
  void sumExpInto(int b, int e, double invEps, double[] acc, int slot) {
    int i = b;
    FloatVector vm = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    for (; i <= e - L; i += L) {
      vm = vm.max(FloatVector.fromArray(S, t, i));
    }
    float blockMax = vm.reduceLanes(VectorOperators.MAX);
    for (; i < e; i++) {
      blockMax = Math.max(blockMax, t[i]);
    }
    float m = (float) raiseShift(acc, slot, blockMax, invEps);
    float ie = (float) invEps;
    FloatVector vs = FloatVector.zero(S);
    i = b;
    for (; i <= e - L; i += L) {
      vs = vs.add(VectorExp.exp(FloatVector.fromArray(S, t, i).sub(m).mul(ie)));
    }
    double s = vs.reduceLanes(VectorOperators.ADD);
    for (; i < e; i++) {
      s += StrictMath.exp((t[i] - m) * ie);
    }
    acc[2 * slot + 1] += s;
  }

  private float[] toFloat(double[] pattern) {
    float[] p = new float[pattern.length];
    for (int j = 0; j < p.length; j++) {
      p[j] = (float) pattern[j];
    }
    return p;
  }
}
