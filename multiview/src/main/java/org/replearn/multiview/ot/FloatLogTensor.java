package org.replearn.multiview.ot;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.numeric.TrapLimit;
import org.replearn.core.numeric.VectorExp;

/** {@link LogTensor} stored as float32, with {@link FloatVector} SIMD kernels. */
final class FloatLogTensor extends LogTensor {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  static {
    TrapLimit.warnIfLow("multi-marginal Sinkhorn");
  }

  private final float[] t;
  private final ThreadLocal<float[]> scratch;

  /** A thread's copy of a pending last-axis update in float, so that no pass allocates one. */
  private final ThreadLocal<float[]> patternScratch;

  FloatLogTensor(int[] shape) {
    super(shape);
    this.t = new float[size];
    this.scratch = ThreadLocal.withInitial(() -> new float[Math.max(BLOCK, last)]);
    this.patternScratch = ThreadLocal.withInitial(() -> new float[last]);
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
    float[] p = toFloat(pattern, patternScratch.get());
    int block = Math.max(last, (BLOCK / last) * last);
    int end = base + len;
    float ie = (float) invEps;
    for (int b = base; b < end; b += block) {
      int e = Math.min(end, b + block);
      if (last % L == 0) {
        // sumExpInto's exponentials, repeated here: the two sharing a helper made sumExpInto's
        // passes slower
        float m = (float) raiseShift(acc, slot, addPatternAndMax(b, e, p), invEps);
        FloatVector vs = FloatVector.zero(S);
        for (int i = b; i < e; i += L) {
          vs = vs.add(VectorExp.exp(FloatVector.fromArray(S, t, i).sub(m).mul(ie)));
        }
        acc[2 * slot + 1] += vs.reduceLanes(VectorOperators.ADD);
        continue;
      }
      for (int r = b; r < e; r += last) {
        addRow(r, p);
      }
      sumExpInto(b, e, 0.0, invEps, acc, slot);
    }
  }

  /**
   * Adds p along the last axis to the rows T[b, e) (written back) and returns the maximum of those
   * entries, for rows of whole vectors (n_{k-1} a multiple of L): {@link #addRow} and {@link
   * #sumExpInto}'s maximum in one pass, so the rows are read from memory by a pass that also takes
   * their maximum, and the exponentials find them in L1. Same values, so the same bits; the maximum
   * runs in two chains (see {@link #sumExpInto} on why chains keep the bits).
   */
  private float addPatternAndMax(int b, int e, float[] p) {
    FloatVector va = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector vb = va;
    int j = 0;
    int i = b;
    for (; i <= e - 2 * L; i += 2 * L) {
      FloatVector x = FloatVector.fromArray(S, t, i).add(FloatVector.fromArray(S, p, j));
      x.intoArray(t, i);
      va = va.blend(x, x.compare(VectorOperators.GT, va));
      j = j + L == last ? 0 : j + L;
      FloatVector y = FloatVector.fromArray(S, t, i + L).add(FloatVector.fromArray(S, p, j));
      y.intoArray(t, i + L);
      vb = vb.blend(y, y.compare(VectorOperators.GT, vb));
      j = j + L == last ? 0 : j + L;
    }
    if (i < e) {
      FloatVector x = FloatVector.fromArray(S, t, i).add(FloatVector.fromArray(S, p, j));
      x.intoArray(t, i);
      va = va.blend(x, x.compare(VectorOperators.GT, va));
    }
    return va.blend(vb, vb.compare(VectorOperators.GT, va)).reduceLanes(VectorOperators.MAX);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rows of at most four vectors go column by column (one vector of columns at a time), each
   * column's running maximum and sum in registers over the group's rows. Kept in an array and
   * updated row after row, each row's load waited for the previous row's store (probably not
   * forwarded when the vector straddles two cache lines). Each lane still sums its column in row
   * order, so the bits are the same; the maximum, whose order does not matter, runs in two chains
   * (even and odd rows). Longer rows go row after row: there the column walk was slower ((256, 3)
   * and (512, 3) sweeps 3-10%), and a store is long done before the next row reads it back. The two
   * ways are separate methods, so that no compiled method holds two inlined exponentials (C2 has an
   * inlining node budget; docs/roofline.md).
   */
  @Override
  void lastAxisLse(
      int rowFrom, int rowTo, double[] rowDelta, int period, double invEps, double[] acc) {
    int group = Math.max(1, BLOCK / last);
    float ie = (float) invEps;
    boolean byColumns = last <= 4 * L;
    float[] colMax = new float[last];
    float[] colShift = new float[last];
    float[] colSum = new float[last];
    float[] groupDelta = rowDelta == null ? null : new float[group];
    int phase = rowFrom % period;
    for (int g = rowFrom; g < rowTo; g += group) {
      int ge = Math.min(rowTo, g + group);
      if (groupDelta != null) {
        for (int r = g; r < ge; r++) {
          groupDelta[r - g] = (float) rowDelta[phase];
          if (++phase == period) {
            phase = 0;
          }
        }
      }
      if (byColumns) {
        maxByColumns(g, ge, groupDelta, colMax);
      } else {
        maxByRows(g, ge, groupDelta, colMax);
      }
      for (int j = 0; j < last; j++) {
        colShift[j] = (float) raiseShift(acc, j, colMax[j], invEps);
      }
      if (byColumns) {
        sumByColumns(g, ge, colShift, ie, colSum);
      } else {
        sumByRows(g, ge, colShift, ie, colSum);
      }
      for (int j = 0; j < last; j++) {
        acc[2 * j + 1] += colSum[j];
      }
    }
  }

  /**
   * Adds each row's pending update {@code groupDelta[r - g]} (null: none) to the rows [g, ge)
   * (written back; skipped when 0) and writes their column maxima to {@code colMax}, one vector of
   * columns at a time.
   */
  private void maxByColumns(int g, int ge, float[] groupDelta, float[] colMax) {
    int whole = last / L * L;
    for (int j = 0; j < whole; j += L) {
      columnMax(g, ge, j, groupDelta, colMax);
    }
    for (int j = whole; j < last; j++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int r = g; r < ge; r++) {
        int at = r * last + j;
        if (groupDelta != null) {
          float d = groupDelta[r - g];
          if (d != 0) {
            t[at] += d;
          }
        }
        max = Math.max(max, t[at]);
      }
      colMax[j] = max;
    }
  }

  /** {@link #maxByColumns} row after row, for rows of more than four vectors. */
  private void maxByRows(int g, int ge, float[] groupDelta, float[] colMax) {
    java.util.Arrays.fill(colMax, Float.NEGATIVE_INFINITY);
    for (int r = g; r < ge; r++) {
      int base = r * last;
      float d = groupDelta == null ? 0f : groupDelta[r - g];
      int j = 0;
      for (; j <= last - L; j += L) {
        FloatVector x = FloatVector.fromArray(S, t, base + j);
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, base + j);
        }
        FloatVector cm = FloatVector.fromArray(S, colMax, j);
        cm.blend(x, x.compare(VectorOperators.GT, cm)).intoArray(colMax, j);
      }
      for (; j < last; j++) {
        if (d != 0) {
          t[base + j] += d;
        }
        colMax[j] = Math.max(colMax[j], t[base + j]);
      }
    }
  }

  /**
   * colSum[j] = sum over the rows [g, ge), in row order, of exp((T[r, j] - colShift[j]) ie), one
   * vector of columns at a time.
   *
   * <p>The launcher keeps this method out of {@link #lastAxisLse} ({@code
   * -XX:CompileCommand=dontinline}): inlined there, the column sums ran 1.3x slower in about half
   * the JVMs, by when C2 compiled what (Intel Xeon, (32, 5): the pass 16.7-18.3 against 12.9-13.9
   * ms), and compiled on its own they ran fast in every JVM (docs/roofline.md).
   */
  private void sumByColumns(int g, int ge, float[] colShift, float ie, float[] colSum) {
    int whole = last / L * L;
    for (int j = 0; j < whole; j += L) {
      columnSum(g, ge, j, colShift, ie, colSum);
    }
    for (int j = whole; j < last; j++) {
      float sum = 0f;
      for (int r = g; r < ge; r++) {
        sum += (float) StrictMath.exp((t[r * last + j] - colShift[j]) * ie);
      }
      colSum[j] = sum;
    }
  }

  /** {@link #sumByColumns} row after row, for rows of more than four vectors; the same sums. */
  private void sumByRows(int g, int ge, float[] colShift, float ie, float[] colSum) {
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
  }

  /**
   * Adds each row's pending update to the columns [j, j + L) of the rows [g, ge) (written back;
   * skipped when 0) and writes their maxima to {@code colMax[j, j + L)}.
   */
  private void columnMax(int g, int ge, int j, float[] groupDelta, float[] colMax) {
    FloatVector even = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector odd = even;
    int r = g;
    for (; r + 1 < ge; r += 2) {
      int at = r * last + j;
      FloatVector x = FloatVector.fromArray(S, t, at);
      FloatVector y = FloatVector.fromArray(S, t, at + last);
      if (groupDelta != null) {
        float d = groupDelta[r - g];
        float dn = groupDelta[r + 1 - g];
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, at);
        }
        if (dn != 0) {
          y = y.add(dn);
          y.intoArray(t, at + last);
        }
      }
      even = even.blend(x, x.compare(VectorOperators.GT, even));
      odd = odd.blend(y, y.compare(VectorOperators.GT, odd));
    }
    if (r < ge) {
      int at = r * last + j;
      FloatVector x = FloatVector.fromArray(S, t, at);
      if (groupDelta != null) {
        float d = groupDelta[r - g];
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, at);
        }
      }
      even = even.blend(x, x.compare(VectorOperators.GT, even));
    }
    even.blend(odd, odd.compare(VectorOperators.GT, even)).intoArray(colMax, j);
  }

  /**
   * colSum[j, j + L) = sum over the rows [g, ge), in row order, of exp((T[r, j..] - colShift[j..])
   * ie).
   */
  private void columnSum(int g, int ge, int j, float[] colShift, float ie, float[] colSum) {
    FloatVector m = FloatVector.fromArray(S, colShift, j);
    FloatVector sum = FloatVector.zero(S);
    for (int r = g; r < ge; r++) {
      sum = VectorExp.exp(FloatVector.fromArray(S, t, r * last + j).sub(m).mul(ie)).add(sum);
    }
    sum.intoArray(colSum, j);
  }

  @Override
  double expRow(int row, double[] pattern, double invEps, double[] out) {
    int base = row * last;
    if (pattern != null) {
      addRow(base, toFloat(pattern, patternScratch.get()));
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

  /**
   * {@inheritDoc}
   *
   * <p>The column sums run in float lanes over the group (at most a {@link #BLOCK} of entries, so a
   * float partial sum spans no more terms than a block's), then go to {@code colSums} in double.
   */
  @Override
  void expRows(
      int rowFrom, int rowTo, double[] pattern, double invEps, double[] colSums, double[] rowSums) {
    float[] p = pattern == null ? null : toFloat(pattern, patternScratch.get());
    float ie = (float) invEps;
    float[] cols = scratch.get();
    java.util.Arrays.fill(cols, 0, last, 0f);
    for (int r = rowFrom; r < rowTo; r++) {
      int base = r * last;
      if (p != null) {
        addRow(base, p);
      }
      FloatVector vs = FloatVector.zero(S);
      int j = 0;
      for (; j <= last - L; j += L) {
        FloatVector e = VectorExp.exp(FloatVector.fromArray(S, t, base + j).mul(ie));
        vs = vs.add(e);
        FloatVector.fromArray(S, cols, j).add(e).intoArray(cols, j);
      }
      double s = vs.reduceLanes(VectorOperators.ADD);
      for (; j < last; j++) {
        float e = (float) StrictMath.exp(t[base + j] * ie);
        cols[j] += e;
        s += e;
      }
      rowSums[r - rowFrom] = s;
    }
    for (int j = 0; j < last; j++) {
      colSums[j] += cols[j];
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

  /**
   * {@inheritDoc}
   *
   * <p>The block maximum runs in four independent compare-and-blend chains, merged at the end. One
   * chain waited on itself: on JDK 17 each step goes through a mask register and back (a compare, a
   * masked load, a compare, a blend), about 7 cycles per vector in L1, and the four chains take
   * about half that. A maximum does not depend on the order of its terms, except which of -0 and +0
   * wins a tie, and either shifts every exponential alike, so the outputs keep their bits. {@link
   * DoubleLogTensor} keeps one chain: four were slower there (Intel Xeon, AVX-512).
   */
  @Override
  void sumExpInto(int b, int e, double delta, double invEps, double[] acc, int slot) {
    float d = (float) delta;
    FloatVector va = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector vb = va;
    FloatVector vc = va;
    FloatVector vd = va;
    int i = b;
    if (d == 0) {
      for (; i <= e - 4 * L; i += 4 * L) {
        FloatVector x = FloatVector.fromArray(S, t, i);
        va = va.blend(x, x.compare(VectorOperators.GT, va));
        x = FloatVector.fromArray(S, t, i + L);
        vb = vb.blend(x, x.compare(VectorOperators.GT, vb));
        x = FloatVector.fromArray(S, t, i + 2 * L);
        vc = vc.blend(x, x.compare(VectorOperators.GT, vc));
        x = FloatVector.fromArray(S, t, i + 3 * L);
        vd = vd.blend(x, x.compare(VectorOperators.GT, vd));
      }
      for (; i <= e - L; i += L) {
        FloatVector x = FloatVector.fromArray(S, t, i);
        va = va.blend(x, x.compare(VectorOperators.GT, va));
      }
    } else {
      for (; i <= e - 4 * L; i += 4 * L) {
        FloatVector x = FloatVector.fromArray(S, t, i).add(d);
        x.intoArray(t, i);
        va = va.blend(x, x.compare(VectorOperators.GT, va));
        x = FloatVector.fromArray(S, t, i + L).add(d);
        x.intoArray(t, i + L);
        vb = vb.blend(x, x.compare(VectorOperators.GT, vb));
        x = FloatVector.fromArray(S, t, i + 2 * L).add(d);
        x.intoArray(t, i + 2 * L);
        vc = vc.blend(x, x.compare(VectorOperators.GT, vc));
        x = FloatVector.fromArray(S, t, i + 3 * L).add(d);
        x.intoArray(t, i + 3 * L);
        vd = vd.blend(x, x.compare(VectorOperators.GT, vd));
      }
      for (; i <= e - L; i += L) {
        FloatVector x = FloatVector.fromArray(S, t, i).add(d);
        x.intoArray(t, i);
        va = va.blend(x, x.compare(VectorOperators.GT, va));
      }
    }
    va = va.blend(vb, vb.compare(VectorOperators.GT, va));
    vc = vc.blend(vd, vd.compare(VectorOperators.GT, vc));
    FloatVector vm = va.blend(vc, vc.compare(VectorOperators.GT, va));
    float blockMax = vm.reduceLanes(VectorOperators.MAX);
    for (; i < e; i++) {
      if (d != 0) {
        t[i] += d;
      }
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

  @Override
  SegmentSums segmentSums(int slots, int len, double invEps, double[] acc) {
    return len % L == 0 && len <= MAX_SPLIT_VECTORS * L
        ? new OneVectorSegmentSums(slots, len / L, invEps, acc)
        : new ShortSegmentSums(slots, len, invEps, acc);
  }

  /** The longest segments, in vectors, that {@link OneVectorSegmentSums} takes. */
  private static final int MAX_SPLIT_VECTORS = 2;

  /**
   * {@link SegmentSums} in float lanes: one vector of partial sums per slot. Its max pass repeats
   * {@link #sumExpInto}'s on purpose: a helper returning the vector maximum to both made this pass
   * 1.6-1.7x slower (C2 did not keep the returned vector in a register).
   */
  private class ShortSegmentSums implements SegmentSums {
    final double invEps;
    final float ie;
    final double[] acc;

    /** [slots][L]: the lane sums of each slot since its last reduction into acc. */
    final float[] lanes;

    /** Per slot: acc's shift in float, and the value above which an entry raises it. */
    final float[] shift;

    final float[] limit;

    /** Per slot: the segments its lanes hold, reduced into acc at {@link #segmentsPerReduction}. */
    final int[] held;

    final int segmentsPerReduction;

    /** Entries per segment. */
    final int len;

    ShortSegmentSums(int slots, int len, double invEps, double[] acc) {
      this.invEps = invEps;
      this.ie = (float) invEps;
      this.acc = acc;
      this.lanes = new float[slots * L];
      this.shift = new float[slots];
      this.limit = new float[slots];
      this.held = new int[slots];
      this.len = len;
      this.segmentsPerReduction = Math.max(1, BLOCK / len);
      for (int slot = 0; slot < slots; slot++) {
        readShift(slot);
      }
    }

    final void readShift(int slot) {
      double m = acc[2 * slot];
      shift[slot] = (float) m;
      limit[slot] = (float) (m + SHIFT_HEADROOM / invEps);
    }

    @Override
    public void addRun(int base, double delta, int fromSlot, int toSlot) {
      for (int slot = fromSlot; slot < toSlot; slot++) {
        add(base + (slot - fromSlot) * len, delta, slot);
      }
    }

    /**
     * The segment T[b, b + len) into slot {@code slot}. Its maximum runs in two chains, for the
     * reason given at {@link #sumExpInto}.
     */
    private void add(int b, double delta, int slot) {
      float d = (float) delta;
      int e = b + len;
      FloatVector va = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      FloatVector vb = va;
      int i = b;
      for (; i <= e - 2 * L; i += 2 * L) {
        FloatVector x = FloatVector.fromArray(S, t, i);
        FloatVector y = FloatVector.fromArray(S, t, i + L);
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, i);
          y = y.add(d);
          y.intoArray(t, i + L);
        }
        va = va.blend(x, x.compare(VectorOperators.GT, va));
        vb = vb.blend(y, y.compare(VectorOperators.GT, vb));
      }
      for (; i <= e - L; i += L) {
        FloatVector x = FloatVector.fromArray(S, t, i);
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, i);
        }
        va = va.blend(x, x.compare(VectorOperators.GT, va));
      }
      FloatVector vm = va.blend(vb, vb.compare(VectorOperators.GT, va));
      float tailMax = Float.NEGATIVE_INFINITY;
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
      float m = shift[slot];
      FloatVector vs = FloatVector.fromArray(S, lanes, slot * L);
      for (i = b; i <= e - L; i += L) {
        vs = vs.add(VectorExp.exp(FloatVector.fromArray(S, t, i).sub(m).mul(ie)));
      }
      vs.intoArray(lanes, slot * L);
      for (; i < e; i++) {
        acc[2 * slot + 1] += StrictMath.exp((t[i] - m) * ie);
      }
      if (++held[slot] == segmentsPerReduction) {
        reduce(slot);
      }
    }

    /** Adds slot {@code slot}'s lanes to its sum in acc and clears them. */
    final void reduce(int slot) {
      FloatVector v = FloatVector.fromArray(S, lanes, slot * L);
      acc[2 * slot + 1] += v.reduceLanes(VectorOperators.ADD);
      FloatVector.zero(S).intoArray(lanes, slot * L);
      held[slot] = 0;
    }

    @Override
    public void finish() {
      for (int slot = 0; slot < shift.length; slot++) {
        reduce(slot);
      }
    }
  }

  /**
   * {@link ShortSegmentSums} for segments of one vector each (a last axis of L entries: n = 16 with
   * AVX-512, 8 with AVX2), a run at a time in two loops: first every segment's update and the check
   * of its entries against its slot's limit (raising the shift where they pass it), then every
   * segment's exponentials. Each slot sees the same operations in the same order as a segment at a
   * time, so the sums keep their bits. Taken a segment at a time, this pass cost twice as much per
   * entry as a pass over long segments (Intel Xeon, (16, 6): 8.6-9.3 against 4.0-4.3 ms on 2
   * threads): each exponential's long chain of dependent operations started right behind its load
   * from memory, and the loop's fixed cost fell on every 16 entries.
   *
   * <p>A whole run (one segment per slot) whose check raises no shift waits with its exponentials,
   * up to {@link #CHUNK} runs; then they go slot by slot, the slot's lane sums in a register across
   * the waiting runs, which saves a load and a store of the lanes per segment (the axis-4 pass at
   * (16, 6) 5.2-5.8 against 6.6-7.2 ms). A run that raises a shift, a partial run and {@link
   * #finish} first take the waiting exponentials, so each slot still sees its segments in order.
   *
   * <p>Segments of c > 1 whole vectors (c <= {@link #MAX_SPLIT_VECTORS}) are taken as c one-vector
   * segments each: the j-th vector of slot s goes to sub-slot s c + j, with a shift and lane sums
   * of its own, and {@link #finish} merges each slot's c sub-slots into the caller's {@code acc}
   * ({@link #merge}, in double). The same entries, so the same value up to float rounding (the
   * float sums are grouped otherwise than in {@link ShortSegmentSums}). On Java 17, {@link
   * ShortSegmentSums} ran the axis-3 pass at (32, 5) (two-vector segments) at two speeds chosen per
   * JVM, 12.3-13.5 ms or 16.3 (1 JVM of 14); taken here it ran in 10.6-12.3 ms in 14 JVMs of 14
   * (Intel Xeon, 2 threads, best of 7 s; docs/roofline.md). At four vectors ((64, 3), (64, 4)) the
   * sweeps were no faster this way.
   */
  private final class OneVectorSegmentSums extends ShortSegmentSums {
    /** Whole runs whose exponentials may wait, so that each slot's sum stays in a register. */
    private static final int CHUNK = 8;

    /** The first entries of the runs whose exponentials wait ({@link #waitingCount} of them). */
    private final int[] waiting = new int[CHUNK];

    private int waitingCount;

    /** Vectors per segment: c. */
    private final int vectors;

    /** The caller's running log-sum-exp, per slot; {@code acc} holds the sub-slots' when c > 1. */
    private final double[] slotAcc;

    OneVectorSegmentSums(int slots, int vectors, double invEps, double[] acc) {
      super(slots * vectors, L, invEps, vectors == 1 ? acc : emptyAcc(slots * vectors));
      this.vectors = vectors;
      this.slotAcc = acc;
    }

    @Override
    public void addRun(int base, double delta, int fromSlot, int toSlot) {
      addSubRun(base, delta, fromSlot * vectors, toSlot * vectors);
    }

    /** {@link #addRun} over the sub-slots [fromSlot, toSlot), one vector each. */
    private void addSubRun(int base, double delta, int fromSlot, int toSlot) {
      float d = (float) delta;
      boolean over = false;
      for (int slot = fromSlot; slot < toSlot; slot++) {
        int b = base + (slot - fromSlot) * L;
        FloatVector x = FloatVector.fromArray(S, t, b);
        if (d != 0) {
          x = x.add(d);
          x.intoArray(t, b);
        }
        over |= x.compare(VectorOperators.GT, limit[slot]).anyTrue();
      }
      if (!over && fromSlot == 0 && toSlot == shift.length) {
        waiting[waitingCount++] = base;
        if (waitingCount == CHUNK) {
          flushWaiting();
        }
        return;
      }
      flushWaiting();
      for (int slot = fromSlot; slot < toSlot; slot++) {
        FloatVector x = FloatVector.fromArray(S, t, base + (slot - fromSlot) * L);
        if (x.compare(VectorOperators.GT, limit[slot]).anyTrue()) {
          // the maximum as ShortSegmentSums takes it: NaN entries left out
          FloatVector none = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
          FloatVector max = none.blend(x, x.compare(VectorOperators.GT, none));
          reduce(slot);
          raiseShift(acc, slot, max.reduceLanes(VectorOperators.MAX), invEps);
          readShift(slot);
        }
      }
      for (int slot = fromSlot; slot < toSlot; slot++) {
        FloatVector x = FloatVector.fromArray(S, t, base + (slot - fromSlot) * L);
        FloatVector sum = FloatVector.fromArray(S, lanes, slot * L);
        sum.add(VectorExp.exp(x.sub(shift[slot]).mul(ie))).intoArray(lanes, slot * L);
        if (++held[slot] == segmentsPerReduction) {
          reduce(slot);
        }
      }
    }

    private void flushWaiting() {
      int runs = waitingCount;
      if (runs == 0) {
        return;
      }
      for (int slot = 0; slot < shift.length; slot++) {
        FloatVector sum = FloatVector.fromArray(S, lanes, slot * L);
        FloatVector m = FloatVector.broadcast(S, shift[slot]);
        int h = held[slot];
        for (int r = 0; r < runs; r++) {
          FloatVector x = FloatVector.fromArray(S, t, waiting[r] + slot * L);
          sum = sum.add(VectorExp.exp(x.sub(m).mul(ie)));
          if (++h == segmentsPerReduction) {
            // what reduce(slot) does, on the register instead of the lanes in memory
            acc[2 * slot + 1] += sum.reduceLanes(VectorOperators.ADD);
            sum = FloatVector.zero(S);
            h = 0;
          }
        }
        sum.intoArray(lanes, slot * L);
        held[slot] = h;
      }
      waitingCount = 0;
    }

    @Override
    public void finish() {
      flushWaiting();
      super.finish();
      if (vectors > 1) {
        for (int sub = 0; sub < shift.length; sub++) {
          merge(slotAcc, sub / vectors, acc[2 * sub], acc[2 * sub + 1], invEps);
        }
      }
    }
  }

  /** {@code pattern} rounded to float into {@code into}, which is returned. */
  private static float[] toFloat(double[] pattern, float[] into) {
    for (int j = 0; j < pattern.length; j++) {
      into[j] = (float) pattern[j];
    }
    return into;
  }
}
