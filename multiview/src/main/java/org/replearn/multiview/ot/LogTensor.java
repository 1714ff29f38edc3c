package org.replearn.multiview.ot;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import org.replearn.core.concurrent.KernelPools;

/**
 * The dense n_0 x ... x n_{k-1} tensor T = (sum_l f_l[i_l]) - C, row-major, in float or double, and
 * the fused passes the solver makes over it. Each pass reads the tensor once, optionally adds a
 * pending potential update along one axis (writing it back), and reduces exp(T / epsilon).
 *
 * <p>Passes are split into {@code parts} contiguous ranges of the first index i_0, one per thread;
 * every part accumulates privately and the parts are merged at the end, so results do not depend on
 * scheduling. Log-sum-exp reductions work block by block (blocks fit the L1 cache), each entry read
 * from memory once per pass. Every output slot keeps a running shift M (in tensor units) and the
 * sum S = sum exp((v - M) / epsilon) of the entries seen: a block first finds its maximum m; only
 * when (m - M) / epsilon exceeds {@link #SHIFT_HEADROOM} is S rescaled, by exp((M - m) / epsilon),
 * and M raised to m; then the block's exp((v - M) / epsilon) are added to S with the SIMD exp. A
 * scalar exponential is thus rare, not paid for every block (with blocks of one row of 64 entries,
 * a scalar {@code StrictMath.exp} per block cost as much as the block's SIMD exponentials).
 *
 * <p>The vector maxima are taken by compare and blend ({@code m.blend(x, x.compare(GT, m))}), not
 * by the Vector API's {@code max}: Java's maximum must propagate NaN and order -0 below +0, which
 * C2 compiles on AVX2 to five instructions instead of two, and the max pass took about twice as
 * long. For entries that are not NaN both give the same value, and so the same bits downstream; a
 * NaN entry is left out of the maximum, but its exponential still makes the sum, and so the output,
 * NaN.
 */
abstract class LogTensor {
  /** Entries per L1-resident block of a log-sum-exp reduction. */
  static final int BLOCK = 1024;

  final int[] shape;
  final int k;
  final int size;
  final int last;
  final int rows;

  /** Row-major strides: stride[l] = prod_{m > l} n_m. */
  final int[] strides;

  LogTensor(int[] shape) {
    this.shape = shape.clone();
    this.k = shape.length;
    this.strides = new int[k];
    int s = 1;
    for (int l = k - 1; l >= 0; l--) {
      strides[l] = s;
      s *= shape[l];
    }
    this.size = s;
    this.last = shape[k - 1];
    this.rows = size / last;
  }

  /** A zero tensor of the given shape and precision (the caller checked the memory budget). */
  static LogTensor allocate(Precision precision, int[] shape) {
    return precision == Precision.FLOAT32 ? new FloatLogTensor(shape) : new DoubleLogTensor(shape);
  }

  abstract Precision precision();

  /** Sets T[row, :] (a row along the last axis) to {@code values}. */
  abstract void setRow(int row, double[] values);

  /** T at a flat index. */
  abstract double get(int flat);

  /**
   * Adds {@code delta} to T[base, base + len) (skipped when 0), then adds those entries to slot
   * {@code slot} of the running log-sum-exp {@code acc} ({@link #raiseShift}).
   */
  final void segmentLse(int base, int len, double delta, double invEps, double[] acc, int slot) {
    int end = base + len;
    for (int b = base; b < end; b += BLOCK) {
      sumExpInto(b, Math.min(end, b + BLOCK), delta, invEps, acc, slot);
    }
  }

  /**
   * The running sums of a pass whose segments are shorter than a {@link #BLOCK}, kept per slot in
   * vector lanes across segments. A segment of one short row cost more in its two horizontal
   * reductions (a maximum to choose the shift, a sum to add to the slot) than in its exponentials:
   * here a segment's maximum is only compared lane-wise with its slot's shift plus {@link
   * #SHIFT_HEADROOM} epsilon, and reduced only when it exceeds it, and the lane sums are reduced
   * into {@code acc} once per {@link #BLOCK} entries a slot has taken, so a float partial sum spans
   * no more terms than a block's.
   */
  interface SegmentSums {
    /**
     * For the slots s in [fromSlot, toSlot), one segment each from {@code base} on, T[base + (s -
     * fromSlot) len, base + (s - fromSlot + 1) len): adds {@code delta} to it (written back;
     * skipped when 0), then its entries to slot s. A run of slots per call, so that an
     * implementation can take a run's segments in loops of its own (FloatLogTensor does so for
     * segments of one vector).
     */
    void addRun(int base, double delta, int fromSlot, int toSlot);

    /** Reduces what the lanes still hold into {@code acc}. */
    void finish();
  }

  /** Per-slot sums into {@code acc} for segments of {@code len} entries. */
  abstract SegmentSums segmentSums(int slots, int len, double invEps, double[] acc);

  /**
   * Adds {@code delta} to T[from, to) (rounded to the tensor's precision, written back; skipped
   * when 0), then adds those entries to slot {@code slot} of the running log-sum-exp {@code acc}:
   * raises the slot's shift when their maximum calls for it ({@link #raiseShift}), then adds sum
   * exp((T[i] - shift) invEps). The addition and the maximum share one pass.
   */
  abstract void sumExpInto(int from, int to, double delta, double invEps, double[] acc, int slot);

  /**
   * Like {@link #segmentLse} but adds {@code pattern[j]} to every entry whose last index is j
   * ({@code base} and {@code len} are multiples of n_{k-1}).
   */
  abstract void patternSegmentLse(
      int base, int len, double[] pattern, double invEps, double[] acc, int slot);

  /**
   * For rows [rowFrom, rowTo): adds {@code rowDelta[row % period]} to each row (when not null),
   * then adds, for every last index j, the entries T[row, j] of the rows to slot j of the running
   * log-sum-exp {@code acc} ({@link #raiseShift}).
   */
  abstract void lastAxisLse(
      int rowFrom, int rowTo, double[] rowDelta, int period, double invEps, double[] acc);

  /**
   * Adds {@code pattern} along the last axis to row {@code row} (when not null, writing it back),
   * then writes exp(T[row, j] * invEps) into {@code out[j]} and returns their sum.
   */
  abstract double expRow(int row, double[] pattern, double invEps, double[] out);

  /**
   * For the rows [rowFrom, rowTo) (at most a {@link #BLOCK} of entries, or one row): adds {@code
   * pattern} along the last axis (when not null, writing it back), adds sum_r exp(T[r, j] invEps)
   * to {@code colSums[j]} for every last index j, and writes each row's sum of exp(T[r, .] invEps)
   * to {@code rowSums[r - rowFrom]}.
   */
  abstract void expRows(
      int rowFrom, int rowTo, double[] pattern, double invEps, double[] colSums, double[] rowSums);

  /**
   * How far, in units of epsilon, a block's maximum may rise above its slot's shift before the
   * shift is raised: exponentials up to e^64 keep a float sum of a block (at most 1,024 terms, so
   * below e^71) far from float overflow (about e^88.7), and the shift rarely moves, so the scalar
   * exponential of a rescale is rare. Raising the shift at every new maximum instead cost one
   * {@code StrictMath.exp} per block on data whose maxima grow along the pass.
   */
  static final double SHIFT_HEADROOM = 64;

  /**
   * Raises the shift of slot {@code slot} of the running log-sum-exp {@code acc} = [M_0, S_0, M_1,
   * S_1, ...] (shift M in tensor units, S = sum exp((v - M) invEps)) to {@code m} when (m - M)
   * invEps exceeds {@link #SHIFT_HEADROOM} (always when the slot is still empty), rescaling S by
   * exp((M - m) invEps) so that it still sums the same entries.
   *
   * @return the slot's shift after the call
   */
  static double raiseShift(double[] acc, int slot, double m, double invEps) {
    double shift = acc[2 * slot];
    if (!((m - shift) * invEps > SHIFT_HEADROOM)) {
      return shift;
    }
    double s = acc[2 * slot + 1];
    if (s != 0) {
      acc[2 * slot + 1] = s * StrictMath.exp((shift - m) * invEps);
    }
    acc[2 * slot] = m;
    return m;
  }

  /**
   * Adds another part's running log-sum-exp (shift {@code m}, sum {@code s}) to slot {@code slot}.
   */
  static void merge(double[] acc, int slot, double m, double s, double invEps) {
    if (s == 0) {
      return;
    }
    double shift = raiseShift(acc, slot, m, invEps);
    acc[2 * slot + 1] += shift == m ? s : s * StrictMath.exp((m - shift) * invEps);
  }

  /** A running log-sum-exp of {@code slots} empty slots: [M, S] = [-inf, 0] each. */
  static double[] emptyAcc(int slots) {
    double[] acc = new double[2 * slots];
    for (int i = 0; i < slots; i++) {
      acc[2 * i] = Double.NEGATIVE_INFINITY;
    }
    return acc;
  }

  /**
   * Threads of the tensor passes besides the caller's: one fewer than the processors (at least
   * one), daemons that spin between passes ({@link KernelPools}), shared by every solve.
   */
  private static final class Pool {
    static final ExecutorService INSTANCE =
        KernelPools.fixedDaemon(
            "sinkhorn-pass", Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
  }

  /**
   * Runs {@code body} for parts 0..parts-1, in parallel when parts > 1: part 0 on the calling
   * thread, the others on the shared pass threads ({@link KernelPools#runParts}).
   */
  static void run(int parts, IntConsumer body) {
    KernelPools.runParts(parts == 1 ? null : Pool.INSTANCE, parts, body, "Sinkhorn pass");
  }

  private int rangeStart(int part, int parts) {
    return (int) ((long) part * shape[0] / parts);
  }

  /**
   * One Sinkhorn reduction: first adds the pending update {@code pendingDelta} along axis {@code
   * pendingAxis} (none when -1; otherwise the axis just before {@code axis}, cyclically), then
   * returns LSE_{all axes but axis}(T / epsilon) for every index of {@code axis}.
   */
  final double[] lse(int axis, int pendingAxis, double[] pendingDelta, double invEps, int parts) {
    int n = shape[axis];
    double[][] accs = new double[parts][];
    int perFirst = size / shape[0];
    run(
        parts,
        part -> {
          double[] acc = emptyAcc(n);
          int lo = rangeStart(part, parts);
          int hi = rangeStart(part + 1, parts);
          if (axis == k - 1) {
            boolean pending = pendingAxis >= 0;
            lastAxisLse(
                lo * perFirst / last,
                hi * perFirst / last,
                pending ? pendingDelta : null,
                pending ? shape[pendingAxis] : 1,
                invEps,
                acc);
          } else {
            int segsPerFirst = perFirst / strides[axis];
            segmentPass(
                axis, lo * segsPerFirst, hi * segsPerFirst, pendingAxis, pendingDelta, invEps, acc);
          }
          accs[part] = acc;
        });
    double[] total = accs[0];
    for (int p = 1; p < parts; p++) {
      for (int i = 0; i < n; i++) {
        merge(total, i, accs[p][2 * i], accs[p][2 * i + 1], invEps);
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = total[2 * i] * invEps + StrictMath.log(total[2 * i + 1]);
    }
    return out;
  }

  /**
   * The segments [segFrom, segTo) of a pass over {@code axis} < k-1: segment s holds the
   * strides[axis] entries from s strides[axis] on and feeds slot s mod n_axis. A pending update
   * along an earlier axis is constant over a segment, one along a later axis is a pattern over its
   * last index. Segments shorter than a {@link #BLOCK} go through {@link SegmentSums}.
   */
  private void segmentPass(
      int axis,
      int segFrom,
      int segTo,
      int pendingAxis,
      double[] pendingDelta,
      double invEps,
      double[] acc) {
    int n = shape[axis];
    int inner = strides[axis];
    boolean pattern = pendingAxis > axis;
    if (inner < BLOCK && !pattern) {
      // a pending update along an earlier axis is constant over each cycle of n segments (slots
      // 0 to n - 1), so the pass goes run by run: the part's segments within one cycle
      SegmentSums shortSums = segmentSums(n, inner, invEps, acc);
      for (int seg = segFrom; seg < segTo; ) {
        int slot = seg % n;
        int runEnd = Math.min(segTo, seg - slot + n);
        int base = seg * inner;
        shortSums.addRun(
            base, segmentDelta(base, pendingAxis, pendingDelta), slot, slot + runEnd - seg);
        seg = runEnd;
      }
      shortSums.finish();
      return;
    }
    for (int seg = segFrom; seg < segTo; seg++) {
      int base = seg * inner;
      int slot = seg % n;
      if (pattern) {
        patternSegmentLse(base, inner, pendingDelta, invEps, acc, slot);
      } else {
        segmentLse(base, inner, segmentDelta(base, pendingAxis, pendingDelta), invEps, acc, slot);
      }
    }
  }

  /** The pending update at flat index {@code base} along {@code pendingAxis} (0 when -1). */
  private double segmentDelta(int base, int pendingAxis, double[] pendingDelta) {
    return pendingAxis < 0 ? 0.0 : pendingDelta[(base / strides[pendingAxis]) % shape[pendingAxis]];
  }

  /**
   * The k one-dimensional marginals of P = exp(T / epsilon), after adding the pending update {@code
   * lastAxisDelta} along the last axis (when not null).
   *
   * @return {@code [k][n_l]} marginals followed by one more row holding the total mass
   */
  final double[][] marginals(double[] lastAxisDelta, double invEps, int parts) {
    double[][][] partial = new double[parts][][];
    run(
        parts,
        part -> {
          double[][] marg = new double[k + 1][];
          for (int l = 0; l < k; l++) {
            marg[l] = new double[shape[l]];
          }
          marg[k] = new double[1];
          int perFirst = size / shape[0];
          int rowFrom = rangeStart(part, parts) * perFirst / last;
          int rowTo = rangeStart(part + 1, parts) * perFirst / last;
          addMarginals(rowFrom, rowTo, lastAxisDelta, invEps, marg);
          partial[part] = marg;
        });
    return sumParts(partial);
  }

  /**
   * Adds the rows [rowFrom, rowTo) to the marginals {@code marg} ({@link #marginals}' layout), in
   * groups of up to a {@link #BLOCK} of entries ({@link #expRows}). A row's sum goes to axis k-2 at
   * the row's index there; for the axes before it, whose indices stay the same over the n_{k-2}
   * consecutive rows of a plane, a plane's sum goes once. The row's indices are counted row after
   * row (an odometer) instead of divided out of its flat index: k-1 integer divisions and
   * remainders a row had made the marginals pass three to eleven times as long as a Sinkhorn pass.
   */
  private void addMarginals(
      int rowFrom, int rowTo, double[] lastAxisDelta, double invEps, double[][] marg) {
    int group = Math.max(1, BLOCK / last);
    double[] rowSums = new double[group];
    int rowAxis = k - 2;
    int[] digit = rowIndices(rowFrom);
    double planeSum = 0;
    double total = 0;
    for (int g = rowFrom; g < rowTo; g += group) {
      int ge = Math.min(rowTo, g + group);
      expRows(g, ge, lastAxisDelta, invEps, marg[k - 1], rowSums);
      for (int r = 0; r < ge - g; r++) {
        double s = rowSums[r];
        marg[rowAxis][digit[rowAxis]] += s;
        planeSum += s;
        total += s;
        if (digit[rowAxis] == shape[rowAxis] - 1) {
          for (int m = 0; m < rowAxis; m++) {
            marg[m][digit[m]] += planeSum;
          }
          planeSum = 0;
        }
        nextRow(digit);
      }
    }
    for (int m = 0; m < rowAxis; m++) {
      marg[m][digit[m]] += planeSum;
    }
    marg[k][0] += total;
  }

  /**
   * The k(k-1)/2 two-dimensional marginals of P = exp(T / epsilon), in ott-jax's pair order;
   * marginal (a, b) is {@code [n_a, n_b]}.
   */
  final double[][][] pairMarginals(double invEps, int parts) {
    int pairs = k * (k - 1) / 2;
    double[][][][] partial = new double[parts][][][];
    run(
        parts,
        part -> {
          double[][][] pm = new double[pairs][][];
          for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
              pm[MultiMarginalProblem.pairIndex(k, a, b)] = new double[shape[a]][shape[b]];
            }
          }
          double[] row = new double[last];
          int perFirst = size / shape[0];
          int rowFrom = rangeStart(part, parts) * perFirst / last;
          int rowTo = rangeStart(part + 1, parts) * perFirst / last;
          int[] digit = rowIndices(rowFrom);
          for (int r = rowFrom; r < rowTo; r++, nextRow(digit)) {
            double sum = expRow(r, null, invEps, row);
            for (int a = 0; a < k - 1; a++) {
              for (int b = a + 1; b < k - 1; b++) {
                pm[MultiMarginalProblem.pairIndex(k, a, b)][digit[a]][digit[b]] += sum;
              }
              double[] target = pm[MultiMarginalProblem.pairIndex(k, a, k - 1)][digit[a]];
              for (int j = 0; j < last; j++) {
                target[j] += row[j];
              }
            }
          }
          partial[part] = pm;
        });
    double[][][] total = partial[0];
    for (int p = 1; p < parts; p++) {
      for (int q = 0; q < pairs; q++) {
        for (int i = 0; i < total[q].length; i++) {
          for (int j = 0; j < total[q][i].length; j++) {
            total[q][i][j] += partial[p][q][i][j];
          }
        }
      }
    }
    return total;
  }

  /** The indices (i_0, ..., i_{k-2}) of row {@code row} (the entries T[i_0, ..., i_{k-2}, .]). */
  private int[] rowIndices(int row) {
    int[] digit = new int[k - 1];
    for (int m = 0; m < k - 1; m++) {
      digit[m] = (row * last / strides[m]) % shape[m];
    }
    return digit;
  }

  /** Advances the row indices {@code digit} ({@link #rowIndices}) to the next row's, in place. */
  private void nextRow(int[] digit) {
    for (int m = k - 2; m >= 0 && ++digit[m] == shape[m]; m--) {
      digit[m] = 0;
    }
  }

  /** exp(T / epsilon) as a flat row-major array. */
  final double[] exp(double invEps) {
    double[] out = new double[size];
    double[] row = new double[last];
    for (int r = 0; r < rows; r++) {
      expRow(r, null, invEps, row);
      System.arraycopy(row, 0, out, r * last, last);
    }
    return out;
  }

  private static double[][] sumParts(double[][][] partial) {
    double[][] total = partial[0];
    for (int p = 1; p < partial.length; p++) {
      for (int l = 0; l < total.length; l++) {
        for (int i = 0; i < total[l].length; i++) {
          total[l][i] += partial[p][l][i];
        }
      }
    }
    return total;
  }

  @Override
  public String toString() {
    return precision() + " tensor " + Arrays.toString(shape);
  }
}
