package org.replearn.privacy.noisygd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.InvalidInputException;
import org.replearn.core.concurrent.KernelPools;
import org.replearn.core.numeric.VectorDot;
import org.replearn.core.numeric.VectorGemm;

/**
 * The sum of per-example gradients of a linear classifier, each clipped to L2 norm G, computed in
 * one pass over the features without materialising per-example gradients:
 *
 * <pre>
 *   z_i = W x_i + b                     logits, [classes]
 *   g_i = dL/dz (z_i, y_i)              softmax(z_i) - e_y (cross-entropy) or z_i - e_y (squared)
 *   ||grad_i|| = ||g_i|| sqrt(||x_i||^2 + [bias])
 *   c_i = min(1, G / ||grad_i||)
 *   S_W = sum_i c_i g_i x_i^T           [classes, p]
 *   S_b = sum_i c_i g_i                 [classes]
 * </pre>
 *
 * Rows are processed in blocks of one vector's lanes (8 or 16 rows) that stay in L1 cache: the
 * logits (SIMD dot products with the Vector API, in tiles of four rows by five classes, or two by
 * five where the CPU has 16 vector registers, so each loaded vector feeds several FMAs), softmax
 * (SIMD exp, one row per lane), clip factors and the rank-one updates of the accumulator all happen
 * while the block is hot, so the feature matrix is read from memory once per call. Classes are
 * padded to a multiple of five with zero weights. Rows are split among {@code threads} threads,
 * each with its own float accumulator that is flushed into a double total every 512 rows to keep
 * the sum accurate.
 */
public final class ClippedGradientSum implements AutoCloseable {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /**
   * Rows per block: one vector's lanes (8 with AVX2, 16 with AVX-512, at least 4), so that the
   * softmax and clipping of a block run with one row per lane ({@link
   * ClipCoefficients#onePerLane}). The tiles take a block four rows at a time.
   */
  private static final int BLOCK = Math.max(4, ClipCoefficients.LANE_ROWS);

  /** Below 16 rows per thread, fewer threads (the split the kernel has always made). */
  private static final int MIN_ROWS_PER_PART = 16;

  private static final int CLASS_GROUP = 5;

  /**
   * Whether a tile is four rows by five classes (20 accumulators, 4 row vectors and a weight
   * vector: 25 vector registers, which AVX-512's 32 hold) or two rows by five (13 registers, for
   * AVX2's 16). With the wide tile on AVX2, C2 spilled accumulators to the stack, a store and a
   * load per FMA. The two-row tiles sum the same terms in the same order, so both give the same
   * bits.
   */
  private static final boolean FOUR_ROW_TILES = SPECIES.vectorBitSize() >= 512;

  private static final int FLUSH_ROWS = 512;

  private final int threads;
  private final boolean fourRowTiles;
  private final boolean lanePerRow;
  private final ExecutorService pool;

  /**
   * The clipped sum and how many examples were clipped.
   *
   * @param weights S_W, row-major {@code [classes, p]}
   * @param bias S_b {@code [classes]}, or null without bias
   * @param clipped number of examples with ||grad_i|| > G
   * @param count number of examples summed
   */
  public record Sum(double[] weights, double[] bias, int clipped, int count) {}

  /** A kernel that uses {@code threads} threads (the caller's plus threads - 1 workers). */
  public ClippedGradientSum(int threads) {
    this(threads, FOUR_ROW_TILES, true);
  }

  /**
   * As {@link #ClippedGradientSum(int)}, with the tile shape and whether full blocks take their
   * coefficients one row per lane chosen (tests run every combination on one CPU).
   */
  ClippedGradientSum(int threads, boolean fourRowTiles, boolean lanePerRow) {
    InvalidInputException.require(threads >= 1, "threads", "must be >= 1", threads);
    this.threads = threads;
    this.fourRowTiles = fourRowTiles;
    this.lanePerRow = lanePerRow && BLOCK == ClipCoefficients.LANE_ROWS;
    this.pool = KernelPools.fixedDaemonOrNull("clipped-gradient-sum", threads - 1);
  }

  /**
   * Computes the clipped gradient sum.
   *
   * @param data features {@code [n, p]} and labels
   * @param weights W, row-major {@code [classes, p]}
   * @param bias b {@code [classes]}, or null for no bias
   * @param loss the loss
   * @param clipNorm G > 0
   * @param rows the examples to sum (e.g. a Poisson sample), or null for all n
   */
  public Sum compute(
      LabelledFeatures data,
      float[] weights,
      float[] bias,
      Loss loss,
      double clipNorm,
      int[] rows) {
    int k = data.classes();
    int p = data.p();
    LinearClassifier.requireShapes(weights, bias, k, p);
    InvalidInputException.require(clipNorm > 0, "clip norm G", "must be > 0", clipNorm);
    int m = rows == null ? data.n() : rows.length;
    int kp = (k + CLASS_GROUP - 1) / CLASS_GROUP * CLASS_GROUP;
    float[] wPadded = java.util.Arrays.copyOf(weights, kp * p);
    float[] bPadded = new float[kp];
    if (bias != null) {
      System.arraycopy(bias, 0, bPadded, 0, k);
    }
    int parts = Math.max(1, Math.min(threads, m / MIN_ROWS_PER_PART));
    List<Worker> workers = new ArrayList<>();
    for (int t = 0; t < parts; t++) {
      workers.add(
          new Worker(
              data,
              wPadded,
              bPadded,
              bias != null,
              loss,
              (float) clipNorm,
              fourRowTiles,
              lanePerRow,
              rows,
              (int) ((long) m * t / parts),
              (int) ((long) m * (t + 1) / parts)));
    }
    KernelPools.runParts(pool, parts, t -> workers.get(t).run(), "gradient worker");
    double[] sumW = workers.get(0).totalW;
    double[] sumB = workers.get(0).totalB;
    int clipped = workers.get(0).coefficients.clipped();
    for (int t = 1; t < parts; t++) {
      Worker w = workers.get(t);
      for (int i = 0; i < sumW.length; i++) {
        sumW[i] += w.totalW[i];
      }
      for (int i = 0; i < sumB.length; i++) {
        sumB[i] += w.totalB[i];
      }
      clipped += w.coefficients.clipped();
    }
    return new Sum(sumW, bias == null ? null : sumB, clipped, m);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One thread's share of the rows, with its own accumulators. */
  private static final class Worker implements Runnable {
    private final float[] x;
    private final int[] labels;
    private final int p;
    private final int k;
    private final int kp;
    private final float[] wPadded;
    private final float[] bPadded;
    private final boolean fourRowTiles;
    private final boolean lanePerRow;
    private final int[] rows;
    private final int from;
    private final int to;
    private final float[] accW;
    private final float[] accB;
    final double[] totalW;
    final double[] totalB;
    private final float[] logits;
    private final float[] squaredNorms = new float[BLOCK];

    private final ClipCoefficients coefficients;

    private final int[] offsets = new int[BLOCK];

    Worker(
        LabelledFeatures data,
        float[] wPadded,
        float[] bPadded,
        boolean hasBias,
        Loss loss,
        float clipNorm,
        boolean fourRowTiles,
        boolean lanePerRow,
        int[] rows,
        int from,
        int to) {
      this.x = data.x();
      this.labels = data.labels();
      this.p = data.p();
      this.k = data.classes();
      this.kp = bPadded.length;
      this.wPadded = wPadded;
      this.bPadded = bPadded;
      this.fourRowTiles = fourRowTiles;
      this.lanePerRow = lanePerRow;
      this.rows = rows;
      this.from = from;
      this.to = to;
      this.accW = new float[kp * p];
      this.accB = new float[kp];
      this.totalW = new double[k * p];
      this.totalB = new double[k];
      // whole vectors, so that the softmax exponentials need no masked loads (lanes past BLOCK kp
      // are scratch)
      this.logits = new float[VectorGemm.padded(BLOCK * kp)];
      this.coefficients = new ClipCoefficients(k, kp, loss, hasBias, clipNorm);
    }

    @Override
    public void run() {
      int sinceFlush = 0;
      int[] rowLabels = new int[BLOCK];
      for (int start = from; start < to; start += BLOCK) {
        int r = Math.min(BLOCK, to - start);
        for (int t = 0; t < r; t++) {
          int row = rows == null ? start + t : rows[start + t];
          offsets[t] = row * p;
          rowLabels[t] = labels[row];
        }
        int tiled = r / 4 * 4;
        for (int first = 0; first < tiled; first += 4) {
          if (fourRowTiles) {
            logitsOfFour(first);
          } else {
            logitsOfTwo(first);
            logitsOfTwo(first + 2);
          }
        }
        for (int t = tiled; t < r; t++) {
          logitsOfOne(t);
        }
        if (r == BLOCK && lanePerRow) {
          coefficients.onePerLane(logits, squaredNorms, rowLabels);
        } else {
          coefficients.rowByRow(logits, squaredNorms, r, rowLabels);
        }
        for (int first = 0; first < tiled; first += 4) {
          if (fourRowTiles) {
            updateWithFour(first);
          } else {
            updateWithTwos(first);
          }
        }
        for (int t = tiled; t < r; t++) {
          updateWithOne(t);
        }
        sinceFlush += r;
        if (sinceFlush >= FLUSH_ROWS) {
          flush();
          sinceFlush = 0;
        }
      }
      flush();
    }

    /**
     * logits[t*kp + c] = W_c . x_t + b_c and squaredNorms[t] = ||x_t||^2 for four rows, computing a
     * 4 x 5 tile of (rows, classes) per sweep so every loaded vector feeds several FMAs.
     *
     * <p>The tile is unrolled by hand on purpose, and so are its 20 reductions: the 20 accumulators
     * and 4 row vectors must be separate locals for C2 to keep them in vector registers (C2 does
     * not scalarise an array of FloatVector, so a loop over an array of accumulators would make
     * heap objects and memory traffic of them in the innermost loop of NoisyGD). Each loaded W_c
     * vector then feeds four FMAs and each row vector five.
     */
    private void logitsOfFour(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int o2 = offsets[first + 2];
      int o3 = offsets[first + 3];
      int bound = SPECIES.loopBound(p);
      FloatVector n0 = FloatVector.zero(SPECIES);
      FloatVector n1 = n0;
      FloatVector n2 = n0;
      FloatVector n3 = n0;
      int j = 0;
      for (; j < bound; j += SPECIES.length()) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
        FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
        FloatVector x2 = FloatVector.fromArray(SPECIES, x, o2 + j);
        FloatVector x3 = FloatVector.fromArray(SPECIES, x, o3 + j);
        n0 = x0.fma(x0, n0);
        n1 = x1.fma(x1, n1);
        n2 = x2.fma(x2, n2);
        n3 = x3.fma(x3, n3);
      }
      squaredNorms[first] = n0.reduceLanes(VectorOperators.ADD) + squaredTail(o0, j);
      squaredNorms[first + 1] = n1.reduceLanes(VectorOperators.ADD) + squaredTail(o1, j);
      squaredNorms[first + 2] = n2.reduceLanes(VectorOperators.ADD) + squaredTail(o2, j);
      squaredNorms[first + 3] = n3.reduceLanes(VectorOperators.ADD) + squaredTail(o3, j);
      int l0 = first * kp;
      int l1 = l0 + kp;
      int l2 = l1 + kp;
      int l3 = l2 + kp;
      for (int cg = 0; cg < kp; cg += CLASS_GROUP) {
        int wa = cg * p;
        int wb = wa + p;
        int wc = wb + p;
        int wd = wc + p;
        int we = wd + p;
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector c2 = a0;
        FloatVector c3 = a0;
        FloatVector d0 = a0;
        FloatVector d1 = a0;
        FloatVector d2 = a0;
        FloatVector d3 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        FloatVector e2 = a0;
        FloatVector e3 = a0;
        for (j = 0; j < bound; j += SPECIES.length()) {
          FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
          FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
          FloatVector x2 = FloatVector.fromArray(SPECIES, x, o2 + j);
          FloatVector x3 = FloatVector.fromArray(SPECIES, x, o3 + j);
          FloatVector w = FloatVector.fromArray(SPECIES, wPadded, wa + j);
          a0 = x0.fma(w, a0);
          a1 = x1.fma(w, a1);
          a2 = x2.fma(w, a2);
          a3 = x3.fma(w, a3);
          w = FloatVector.fromArray(SPECIES, wPadded, wb + j);
          b0 = x0.fma(w, b0);
          b1 = x1.fma(w, b1);
          b2 = x2.fma(w, b2);
          b3 = x3.fma(w, b3);
          w = FloatVector.fromArray(SPECIES, wPadded, wc + j);
          c0 = x0.fma(w, c0);
          c1 = x1.fma(w, c1);
          c2 = x2.fma(w, c2);
          c3 = x3.fma(w, c3);
          w = FloatVector.fromArray(SPECIES, wPadded, wd + j);
          d0 = x0.fma(w, d0);
          d1 = x1.fma(w, d1);
          d2 = x2.fma(w, d2);
          d3 = x3.fma(w, d3);
          w = FloatVector.fromArray(SPECIES, wPadded, we + j);
          e0 = x0.fma(w, e0);
          e1 = x1.fma(w, e1);
          e2 = x2.fma(w, e2);
          e3 = x3.fma(w, e3);
        }
        logits[l0 + cg] = a0.reduceLanes(VectorOperators.ADD) + tail(cg, o0, j) + bPadded[cg];
        logits[l0 + cg + 1] =
            b0.reduceLanes(VectorOperators.ADD) + tail(cg + 1, o0, j) + bPadded[cg + 1];
        logits[l0 + cg + 2] =
            c0.reduceLanes(VectorOperators.ADD) + tail(cg + 2, o0, j) + bPadded[cg + 2];
        logits[l0 + cg + 3] =
            d0.reduceLanes(VectorOperators.ADD) + tail(cg + 3, o0, j) + bPadded[cg + 3];
        logits[l0 + cg + 4] =
            e0.reduceLanes(VectorOperators.ADD) + tail(cg + 4, o0, j) + bPadded[cg + 4];
        logits[l1 + cg] = a1.reduceLanes(VectorOperators.ADD) + tail(cg, o1, j) + bPadded[cg];
        logits[l1 + cg + 1] =
            b1.reduceLanes(VectorOperators.ADD) + tail(cg + 1, o1, j) + bPadded[cg + 1];
        logits[l1 + cg + 2] =
            c1.reduceLanes(VectorOperators.ADD) + tail(cg + 2, o1, j) + bPadded[cg + 2];
        logits[l1 + cg + 3] =
            d1.reduceLanes(VectorOperators.ADD) + tail(cg + 3, o1, j) + bPadded[cg + 3];
        logits[l1 + cg + 4] =
            e1.reduceLanes(VectorOperators.ADD) + tail(cg + 4, o1, j) + bPadded[cg + 4];
        logits[l2 + cg] = a2.reduceLanes(VectorOperators.ADD) + tail(cg, o2, j) + bPadded[cg];
        logits[l2 + cg + 1] =
            b2.reduceLanes(VectorOperators.ADD) + tail(cg + 1, o2, j) + bPadded[cg + 1];
        logits[l2 + cg + 2] =
            c2.reduceLanes(VectorOperators.ADD) + tail(cg + 2, o2, j) + bPadded[cg + 2];
        logits[l2 + cg + 3] =
            d2.reduceLanes(VectorOperators.ADD) + tail(cg + 3, o2, j) + bPadded[cg + 3];
        logits[l2 + cg + 4] =
            e2.reduceLanes(VectorOperators.ADD) + tail(cg + 4, o2, j) + bPadded[cg + 4];
        logits[l3 + cg] = a3.reduceLanes(VectorOperators.ADD) + tail(cg, o3, j) + bPadded[cg];
        logits[l3 + cg + 1] =
            b3.reduceLanes(VectorOperators.ADD) + tail(cg + 1, o3, j) + bPadded[cg + 1];
        logits[l3 + cg + 2] =
            c3.reduceLanes(VectorOperators.ADD) + tail(cg + 2, o3, j) + bPadded[cg + 2];
        logits[l3 + cg + 3] =
            d3.reduceLanes(VectorOperators.ADD) + tail(cg + 3, o3, j) + bPadded[cg + 3];
        logits[l3 + cg + 4] =
            e3.reduceLanes(VectorOperators.ADD) + tail(cg + 4, o3, j) + bPadded[cg + 4];
      }
    }

    /**
     * {@link #logitsOfFour} for the two rows {@code first} and {@code first + 1}: a tile of two
     * rows by five classes, 10 accumulators, unrolled by hand for the same reason.
     */
    private void logitsOfTwo(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int bound = SPECIES.loopBound(p);
      FloatVector n0 = FloatVector.zero(SPECIES);
      FloatVector n1 = n0;
      int j = 0;
      for (; j < bound; j += SPECIES.length()) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
        FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
        n0 = x0.fma(x0, n0);
        n1 = x1.fma(x1, n1);
      }
      squaredNorms[first] = n0.reduceLanes(VectorOperators.ADD) + squaredTail(o0, j);
      squaredNorms[first + 1] = n1.reduceLanes(VectorOperators.ADD) + squaredTail(o1, j);
      int l0 = first * kp;
      int l1 = l0 + kp;
      for (int cg = 0; cg < kp; cg += CLASS_GROUP) {
        int wa = cg * p;
        int wb = wa + p;
        int wc = wb + p;
        int wd = wc + p;
        int we = wd + p;
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector d0 = a0;
        FloatVector d1 = a0;
        FloatVector e0 = a0;
        FloatVector e1 = a0;
        for (j = 0; j < bound; j += SPECIES.length()) {
          FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
          FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
          FloatVector w = FloatVector.fromArray(SPECIES, wPadded, wa + j);
          a0 = x0.fma(w, a0);
          a1 = x1.fma(w, a1);
          w = FloatVector.fromArray(SPECIES, wPadded, wb + j);
          b0 = x0.fma(w, b0);
          b1 = x1.fma(w, b1);
          w = FloatVector.fromArray(SPECIES, wPadded, wc + j);
          c0 = x0.fma(w, c0);
          c1 = x1.fma(w, c1);
          w = FloatVector.fromArray(SPECIES, wPadded, wd + j);
          d0 = x0.fma(w, d0);
          d1 = x1.fma(w, d1);
          w = FloatVector.fromArray(SPECIES, wPadded, we + j);
          e0 = x0.fma(w, e0);
          e1 = x1.fma(w, e1);
        }
        logits[l0 + cg] = a0.reduceLanes(VectorOperators.ADD) + tail(cg, o0, j) + bPadded[cg];
        logits[l0 + cg + 1] =
            b0.reduceLanes(VectorOperators.ADD) + tail(cg + 1, o0, j) + bPadded[cg + 1];
        logits[l0 + cg + 2] =
            c0.reduceLanes(VectorOperators.ADD) + tail(cg + 2, o0, j) + bPadded[cg + 2];
        logits[l0 + cg + 3] =
            d0.reduceLanes(VectorOperators.ADD) + tail(cg + 3, o0, j) + bPadded[cg + 3];
        logits[l0 + cg + 4] =
            e0.reduceLanes(VectorOperators.ADD) + tail(cg + 4, o0, j) + bPadded[cg + 4];
        logits[l1 + cg] = a1.reduceLanes(VectorOperators.ADD) + tail(cg, o1, j) + bPadded[cg];
        logits[l1 + cg + 1] =
            b1.reduceLanes(VectorOperators.ADD) + tail(cg + 1, o1, j) + bPadded[cg + 1];
        logits[l1 + cg + 2] =
            c1.reduceLanes(VectorOperators.ADD) + tail(cg + 2, o1, j) + bPadded[cg + 2];
        logits[l1 + cg + 3] =
            d1.reduceLanes(VectorOperators.ADD) + tail(cg + 3, o1, j) + bPadded[cg + 3];
        logits[l1 + cg + 4] =
            e1.reduceLanes(VectorOperators.ADD) + tail(cg + 4, o1, j) + bPadded[cg + 4];
      }
    }

    private float squaredTail(int o, int from) {
      float s = 0;
      for (int jj = from; jj < p; jj++) {
        s += x[o + jj] * x[o + jj];
      }
      return s;
    }

    /** W_c . x over the scalar tail [from, p) of row offset o. */
    private float tail(int c, int o, int from) {
      float s = 0;
      int wo = c * p;
      for (int jj = from; jj < p; jj++) {
        s += wPadded[wo + jj] * x[o + jj];
      }
      return s;
    }

    private void logitsOfOne(int t) {
      int o = offsets[t];
      squaredNorms[t] = VectorDot.dot(x, o, x, o, p);
      for (int c = 0; c < kp; c++) {
        logits[t * kp + c] = VectorDot.dot(wPadded, c * p, x, o, p) + bPadded[c];
      }
    }

    /**
     * accW[c, :] += sum_t a[t, c] x_t and accB[c] += sum_t a[t, c] for four rows, one group of five
     * classes per sweep so each loaded row vector feeds five accumulators.
     *
     * <p>The 20 broadcast coefficients are separate locals on purpose, as in {@link #logitsOfFour}:
     * held in registers across the sweep over p, they are not reloaded for every vector of x.
     */
    private void updateWithFour(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int o2 = offsets[first + 2];
      int o3 = offsets[first + 3];
      int bound = SPECIES.loopBound(p);
      addBiasGradients(first);
      int l0 = first * kp;
      int l1 = l0 + kp;
      int l2 = l1 + kp;
      int l3 = l2 + kp;
      for (int cg = 0; cg < kp; cg += CLASS_GROUP) {
        FloatVector a0 = FloatVector.broadcast(SPECIES, logits[l0 + cg]);
        FloatVector a1 = FloatVector.broadcast(SPECIES, logits[l1 + cg]);
        FloatVector a2 = FloatVector.broadcast(SPECIES, logits[l2 + cg]);
        FloatVector a3 = FloatVector.broadcast(SPECIES, logits[l3 + cg]);
        FloatVector b0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 1]);
        FloatVector b1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 1]);
        FloatVector b2 = FloatVector.broadcast(SPECIES, logits[l2 + cg + 1]);
        FloatVector b3 = FloatVector.broadcast(SPECIES, logits[l3 + cg + 1]);
        FloatVector c0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 2]);
        FloatVector c1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 2]);
        FloatVector c2 = FloatVector.broadcast(SPECIES, logits[l2 + cg + 2]);
        FloatVector c3 = FloatVector.broadcast(SPECIES, logits[l3 + cg + 2]);
        FloatVector d0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 3]);
        FloatVector d1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 3]);
        FloatVector d2 = FloatVector.broadcast(SPECIES, logits[l2 + cg + 3]);
        FloatVector d3 = FloatVector.broadcast(SPECIES, logits[l3 + cg + 3]);
        FloatVector e0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 4]);
        FloatVector e1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 4]);
        FloatVector e2 = FloatVector.broadcast(SPECIES, logits[l2 + cg + 4]);
        FloatVector e3 = FloatVector.broadcast(SPECIES, logits[l3 + cg + 4]);
        int pa = cg * p;
        int pb = pa + p;
        int pc = pb + p;
        int pd = pc + p;
        int pe = pd + p;
        for (int j = 0; j < bound; j += SPECIES.length()) {
          FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
          FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
          FloatVector x2 = FloatVector.fromArray(SPECIES, x, o2 + j);
          FloatVector x3 = FloatVector.fromArray(SPECIES, x, o3 + j);
          addFour(pa + j, x0, x1, x2, x3, a0, a1, a2, a3);
          addFour(pb + j, x0, x1, x2, x3, b0, b1, b2, b3);
          addFour(pc + j, x0, x1, x2, x3, c0, c1, c2, c3);
          addFour(pd + j, x0, x1, x2, x3, d0, d1, d2, d3);
          addFour(pe + j, x0, x1, x2, x3, e0, e1, e2, e3);
        }
      }
      updateTail(first, bound);
    }

    /**
     * {@link #updateWithFour} in tiles of two rows by five classes (10 broadcast coefficients):
     * rows first and first + 1, then the next two, fused multiply-adds into accW in the same order
     * as the four-row tile, so the same bits.
     */
    private void updateWithTwos(int first) {
      int bound = SPECIES.loopBound(p);
      addBiasGradients(first);
      for (int pair = first; pair < first + 4; pair += 2) {
        int o0 = offsets[pair];
        int o1 = offsets[pair + 1];
        int l0 = pair * kp;
        int l1 = l0 + kp;
        for (int cg = 0; cg < kp; cg += CLASS_GROUP) {
          FloatVector a0 = FloatVector.broadcast(SPECIES, logits[l0 + cg]);
          FloatVector a1 = FloatVector.broadcast(SPECIES, logits[l1 + cg]);
          FloatVector b0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 1]);
          FloatVector b1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 1]);
          FloatVector c0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 2]);
          FloatVector c1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 2]);
          FloatVector d0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 3]);
          FloatVector d1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 3]);
          FloatVector e0 = FloatVector.broadcast(SPECIES, logits[l0 + cg + 4]);
          FloatVector e1 = FloatVector.broadcast(SPECIES, logits[l1 + cg + 4]);
          int pa = cg * p;
          int pb = pa + p;
          int pc = pb + p;
          int pd = pc + p;
          int pe = pd + p;
          for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
            addTwo(pa + j, x0, x1, a0, a1);
            addTwo(pb + j, x0, x1, b0, b1);
            addTwo(pc + j, x0, x1, c0, c1);
            addTwo(pd + j, x0, x1, d0, d1);
            addTwo(pe + j, x0, x1, e0, e1);
          }
        }
      }
      updateTail(first, bound);
    }

    /** accB[c] += sum_t a[t, c] over the four rows from {@code first}. */
    private void addBiasGradients(int first) {
      int l0 = first * kp;
      for (int c = 0; c < kp; c++) {
        accB[c] +=
            logits[l0 + c]
                + logits[l0 + kp + c]
                + logits[l0 + 2 * kp + c]
                + logits[l0 + 3 * kp + c];
      }
    }

    /** The scalar tail [from, p) of the four-row update from row {@code first}, every class. */
    private void updateTail(int first, int from) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int o2 = offsets[first + 2];
      int o3 = offsets[first + 3];
      int l0 = first * kp;
      for (int q = 0; q < kp; q++) {
        for (int j = from; j < p; j++) {
          accW[q * p + j] +=
              logits[l0 + q] * x[o0 + j]
                  + logits[l0 + kp + q] * x[o1 + j]
                  + logits[l0 + 2 * kp + q] * x[o2 + j]
                  + logits[l0 + 3 * kp + q] * x[o3 + j];
        }
      }
    }

    /** accW[at, at + lanes) += c0 x0 + c1 x1, as two fused multiply-adds. */
    private void addTwo(int at, FloatVector x0, FloatVector x1, FloatVector c0, FloatVector c1) {
      x1.fma(c1, x0.fma(c0, FloatVector.fromArray(SPECIES, accW, at))).intoArray(accW, at);
    }

    /** accW[at, at + lanes) += c0 x0 + c1 x1 + c2 x2 + c3 x3. */
    private void addFour(
        int at,
        FloatVector x0,
        FloatVector x1,
        FloatVector x2,
        FloatVector x3,
        FloatVector c0,
        FloatVector c1,
        FloatVector c2,
        FloatVector c3) {
      x3.fma(c3, x2.fma(c2, x1.fma(c1, x0.fma(c0, FloatVector.fromArray(SPECIES, accW, at)))))
          .intoArray(accW, at);
    }

    private void updateWithOne(int t) {
      int o = offsets[t];
      int bound = SPECIES.loopBound(p);
      for (int c = 0; c < k; c++) {
        float a = logits[t * kp + c];
        accB[c] += a;
        FloatVector va = FloatVector.broadcast(SPECIES, a);
        int ao = c * p;
        int j = 0;
        for (; j < bound; j += SPECIES.length()) {
          FloatVector.fromArray(SPECIES, x, o + j)
              .fma(va, FloatVector.fromArray(SPECIES, accW, ao + j))
              .intoArray(accW, ao + j);
        }
        for (; j < p; j++) {
          accW[ao + j] += a * x[o + j];
        }
      }
    }

    private void flush() {
      for (int i = 0; i < totalW.length; i++) {
        totalW[i] += accW[i];
        accW[i] = 0;
      }
      for (int i = 0; i < k; i++) {
        totalB[i] += accB[i];
        accB[i] = 0;
      }
    }
  }
}
