package org.replearn.privacy.noisygd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
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
 * five where the CPU has 16 vector registers, so each loaded vector feeds several FMAs; or, where
 * the classes fit one vector and p is small, one input at a time against a vector of classes, eight
 * rows at once, see {@link #logitsByInputPay}), softmax (SIMD exp, one row per lane), clip factors
 * and the rank-one updates of the accumulator (in tiles of five classes by four vectors of p, or
 * two, held in registers through the block's rows) all happen while the block is hot, so the
 * feature matrix is read from memory once per call. Classes are padded to a multiple of five with
 * zero weights. Rows are split among {@code threads} threads, each with its own float accumulator
 * that is flushed into a double total every 512 rows to keep the sum accurate.
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
   * Whether the tiles are wide, for AVX-512's 32 vector registers, or narrow, for AVX2's 16. A wide
   * logits tile is four rows by five classes (20 accumulators, 4 row vectors and a weight vector:
   * 25 registers), a narrow one two rows by five (13); a wide update tile is five classes by four
   * vectors of p (20 accumulators, 4 row vectors and a coefficient), a narrow one five by two (13).
   * With wide tiles on AVX2, C2 spilled accumulators to the stack, a store and a load per FMA. Both
   * shapes sum the same terms in the same order, so both give the same bits.
   */
  private static final boolean WIDE_TILES = SPECIES.vectorBitSize() >= 512;

  private static final int FLUSH_ROWS = 512;

  private static final int LANES = SPECIES.length();

  private final int threads;
  private final boolean wideTiles;
  private final boolean lanePerRow;
  private final LogitsLayout logitsLayout;
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
    this(threads, WIDE_TILES, true, LogitsLayout.BY_COST);
  }

  /**
   * As {@link #ClippedGradientSum(int)}, with the tile shape, whether full blocks take their
   * coefficients one row per lane, and how the logits are taken chosen (tests run every combination
   * on one CPU).
   */
  ClippedGradientSum(
      int threads, boolean wideTiles, boolean lanePerRow, LogitsLayout logitsLayout) {
    InvalidInputException.require(threads >= 1, "threads", "must be >= 1", threads);
    this.threads = threads;
    this.wideTiles = wideTiles;
    this.lanePerRow = lanePerRow && BLOCK == ClipCoefficients.LANE_ROWS;
    this.logitsLayout = logitsLayout;
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
    boolean useByInput =
        kp <= LANES
            && (logitsLayout == LogitsLayout.BY_INPUT
                || (logitsLayout == LogitsLayout.BY_COST && logitsByInputPay(kp, p)));
    float[] byInput = useByInput ? weightsByInput(weights, k, p) : null;
    int parts = Math.max(1, Math.min(threads, m / MIN_ROWS_PER_PART));
    List<Worker> workers = new ArrayList<>();
    for (int t = 0; t < parts; t++) {
      workers.add(
          new Worker(
              data,
              wPadded,
              bPadded,
              byInput,
              bias != null,
              loss,
              (float) clipNorm,
              wideTiles,
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

  /**
   * Whether taking a block's logits one input at a time ({@code logitsOfEight}) costs less than the
   * tiles, in a model of the core's two loads and two FMAs a cycle (L lanes, kp padded classes):
   *
   * <pre>
   *   one input at a time:  p FMAs a row, each with a broadcast load, and a load of w_j per 8 rows:
   *                         9p/16 cycles a row (the load ports)
   *   tiles:                kp p / L FMAs a row, kp p / (2L) cycles, and kp sums across L lanes of
   *                         L / 2 cycles each (scalar loads)
   * </pre>
   *
   * so one input at a time pays while 9 p L &lt; 8 kp p + 8 kp L^2: at L = 16 and ten classes, p
   * &lt; 320 (measured on an Intel Xeon: 1.3x faster a step at p = 128, 1.05-1.1x at 256, 0.8x at
   * 384 on one thread; docs/roofline.md). It needs the padded classes in one vector (kp &lt;= L).
   */
  static boolean logitsByInputPay(int kp, int p) {
    long l = LANES;
    return kp <= LANES && 9L * p * l < 8L * kp * p + 8L * kp * l * l;
  }

  /** How a block's logits are taken (tests force each one). */
  enum LogitsLayout {
    /** By {@link #logitsByInputPay}. */
    BY_COST,
    /** Tiles of rows by classes over vectors of p, then each accumulator summed across lanes. */
    TILES,
    /** One input at a time against a vector of classes, where the classes fit one vector. */
    BY_INPUT
  }

  /** W transposed and padded to whole vectors of classes: {@code [p, LANES]}, zeros past k. */
  private static float[] weightsByInput(float[] weights, int k, int p) {
    float[] t = new float[p * LANES];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < p; j++) {
        t[j * LANES + c] = weights[c * p + j];
      }
    }
    return t;
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
    private final boolean hasBias;

    /**
     * W by input, {@code [p, LANES]}, where the logits are taken one input at a time; else null.
     */
    private final float[] byInput;

    /** The bias padded to at least one vector. */
    private final float[] biasVector;

    private final boolean wideTiles;
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

    /**
     * The tiles' accumulators before their lanes are summed: logits {@code [BLOCK, kp, LANES]},
     * then squared norms {@code [BLOCK, LANES]}.
     */
    private final float[] partials;

    Worker(
        LabelledFeatures data,
        float[] wPadded,
        float[] bPadded,
        float[] byInput,
        boolean hasBias,
        Loss loss,
        float clipNorm,
        boolean wideTiles,
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
      this.hasBias = hasBias;
      this.byInput = byInput;
      this.biasVector = java.util.Arrays.copyOf(bPadded, Math.max(LANES, bPadded.length));
      this.wideTiles = wideTiles;
      this.lanePerRow = lanePerRow;
      this.rows = rows;
      this.from = from;
      this.to = to;
      this.accW = new float[kp * p];
      this.accB = new float[kp];
      this.totalW = new double[k * p];
      this.totalB = new double[k];
      // whole vectors, so that the softmax exponentials need no masked loads (lanes past BLOCK kp
      // are scratch), and a vector more for the last row of logitsOfEight
      this.logits = new float[VectorGemm.padded(BLOCK * kp) + LANES];
      this.coefficients = new ClipCoefficients(k, kp, loss, hasBias, clipNorm);
      this.partials = new float[BLOCK * (kp + 1) * LANES];
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
        int tiled;
        if (byInput != null) {
          tiled = r / 8 * 8;
          for (int first = 0; first < tiled; first += 8) {
            logitsOfEight(first);
            normPartialsOfFour(first);
            normPartialsOfFour(first + 4);
          }
          sumNormPartials(tiled);
        } else {
          tiled = r / 4 * 4;
          for (int first = 0; first < tiled; first += 4) {
            normPartialsOfFour(first);
            if (wideTiles) {
              logitsOfFour(first);
            } else {
              logitsOfTwo(first);
              logitsOfTwo(first + 2);
            }
          }
          sumPartials(tiled);
        }
        for (int t = tiled; t < r; t++) {
          logitsOfOne(t);
        }
        if (r == BLOCK && lanePerRow) {
          coefficients.onePerLane(logits, squaredNorms, rowLabels);
        } else {
          coefficients.rowByRow(logits, squaredNorms, r, rowLabels);
        }
        update(r);
        sinceFlush += r;
        if (sinceFlush >= FLUSH_ROWS) {
          flush();
          sinceFlush = 0;
        }
      }
      flush();
    }

    /**
     * The vector parts of W_c . x_t for four rows, into {@link #partials} ({@link #sumPartials}
     * finishes them, with the squared norms of {@link #normPartialsOfFour}), computing a 4 x 5 tile
     * of (rows, classes) per sweep so every loaded vector feeds several FMAs.
     *
     * <p>The tile is unrolled by hand on purpose, and so are its 20 stores: the 20 accumulators and
     * 4 row vectors must be separate locals for C2 to keep them in vector registers (C2 does not
     * scalarise an array of FloatVector, so a loop over an array of accumulators would make heap
     * objects and memory traffic of them in the innermost loop of NoisyGD). Each loaded W_c vector
     * then feeds four FMAs and each row vector five.
     */
    private void logitsOfFour(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int o2 = offsets[first + 2];
      int o3 = offsets[first + 3];
      int bound = SPECIES.loopBound(p);
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
        for (int j = 0; j < bound; j += SPECIES.length()) {
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
        a0.intoArray(partials, (l0 + cg) * LANES);
        b0.intoArray(partials, (l0 + cg + 1) * LANES);
        c0.intoArray(partials, (l0 + cg + 2) * LANES);
        d0.intoArray(partials, (l0 + cg + 3) * LANES);
        e0.intoArray(partials, (l0 + cg + 4) * LANES);
        a1.intoArray(partials, (l1 + cg) * LANES);
        b1.intoArray(partials, (l1 + cg + 1) * LANES);
        c1.intoArray(partials, (l1 + cg + 2) * LANES);
        d1.intoArray(partials, (l1 + cg + 3) * LANES);
        e1.intoArray(partials, (l1 + cg + 4) * LANES);
        a2.intoArray(partials, (l2 + cg) * LANES);
        b2.intoArray(partials, (l2 + cg + 1) * LANES);
        c2.intoArray(partials, (l2 + cg + 2) * LANES);
        d2.intoArray(partials, (l2 + cg + 3) * LANES);
        e2.intoArray(partials, (l2 + cg + 4) * LANES);
        a3.intoArray(partials, (l3 + cg) * LANES);
        b3.intoArray(partials, (l3 + cg + 1) * LANES);
        c3.intoArray(partials, (l3 + cg + 2) * LANES);
        d3.intoArray(partials, (l3 + cg + 3) * LANES);
        e3.intoArray(partials, (l3 + cg + 4) * LANES);
      }
    }

    /**
     * The vector parts of ||x_t||^2 for the four rows from {@code first}, into {@link #partials}.
     */
    private void normPartialsOfFour(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int o2 = offsets[first + 2];
      int o3 = offsets[first + 3];
      int bound = SPECIES.loopBound(p);
      FloatVector n0 = FloatVector.zero(SPECIES);
      FloatVector n1 = n0;
      FloatVector n2 = n0;
      FloatVector n3 = n0;
      for (int j = 0; j < bound; j += SPECIES.length()) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, x, o0 + j);
        FloatVector x1 = FloatVector.fromArray(SPECIES, x, o1 + j);
        FloatVector x2 = FloatVector.fromArray(SPECIES, x, o2 + j);
        FloatVector x3 = FloatVector.fromArray(SPECIES, x, o3 + j);
        n0 = x0.fma(x0, n0);
        n1 = x1.fma(x1, n1);
        n2 = x2.fma(x2, n2);
        n3 = x3.fma(x3, n3);
      }
      n0.intoArray(partials, normPartial(first));
      n1.intoArray(partials, normPartial(first + 1));
      n2.intoArray(partials, normPartial(first + 2));
      n3.intoArray(partials, normPartial(first + 3));
    }

    /**
     * The logits of the eight rows from {@code first}, complete with bias, one input at a time: z_t
     * = sum_j x_t[j] w_j + b, where w_j (a vector of the classes, from {@link #byInput}) takes a
     * broadcast x_t[j] for each of the eight rows. With the classes in one vector's lanes there is
     * no sum across lanes (at p = 128 these had been a quarter of a step), at the price of p
     * multiply-adds a row where the tiles take k p / L; eight rows share each w_j.
     *
     * <p>Each row's vector is stored whole at t kp in row order, so a row's lanes past kp are
     * overwritten by the next row ({@link #logits} has a vector of room past the block).
     */
    private void logitsOfEight(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int o2 = offsets[first + 2];
      int o3 = offsets[first + 3];
      int o4 = offsets[first + 4];
      int o5 = offsets[first + 5];
      int o6 = offsets[first + 6];
      int o7 = offsets[first + 7];
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector a4 = a0;
      FloatVector a5 = a0;
      FloatVector a6 = a0;
      FloatVector a7 = a0;
      for (int j = 0; j < p; j++) {
        FloatVector w = FloatVector.fromArray(SPECIES, byInput, j * LANES);
        a0 = w.fma(FloatVector.broadcast(SPECIES, x[o0 + j]), a0);
        a1 = w.fma(FloatVector.broadcast(SPECIES, x[o1 + j]), a1);
        a2 = w.fma(FloatVector.broadcast(SPECIES, x[o2 + j]), a2);
        a3 = w.fma(FloatVector.broadcast(SPECIES, x[o3 + j]), a3);
        a4 = w.fma(FloatVector.broadcast(SPECIES, x[o4 + j]), a4);
        a5 = w.fma(FloatVector.broadcast(SPECIES, x[o5 + j]), a5);
        a6 = w.fma(FloatVector.broadcast(SPECIES, x[o6 + j]), a6);
        a7 = w.fma(FloatVector.broadcast(SPECIES, x[o7 + j]), a7);
      }
      FloatVector b = FloatVector.fromArray(SPECIES, biasVector, 0);
      int l = first * kp;
      a0.add(b).intoArray(logits, l);
      a1.add(b).intoArray(logits, l + kp);
      a2.add(b).intoArray(logits, l + 2 * kp);
      a3.add(b).intoArray(logits, l + 3 * kp);
      a4.add(b).intoArray(logits, l + 4 * kp);
      a5.add(b).intoArray(logits, l + 5 * kp);
      a6.add(b).intoArray(logits, l + 6 * kp);
      a7.add(b).intoArray(logits, l + 7 * kp);
    }

    /**
     * {@link #logitsOfFour} for the two rows {@code first} and {@code first + 1}: a tile of two
     * rows by five classes, 10 accumulators, unrolled by hand for the same reason.
     */
    private void logitsOfTwo(int first) {
      int o0 = offsets[first];
      int o1 = offsets[first + 1];
      int bound = SPECIES.loopBound(p);
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
        for (int j = 0; j < bound; j += SPECIES.length()) {
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
        a0.intoArray(partials, (l0 + cg) * LANES);
        b0.intoArray(partials, (l0 + cg + 1) * LANES);
        c0.intoArray(partials, (l0 + cg + 2) * LANES);
        d0.intoArray(partials, (l0 + cg + 3) * LANES);
        e0.intoArray(partials, (l0 + cg + 4) * LANES);
        a1.intoArray(partials, (l1 + cg) * LANES);
        b1.intoArray(partials, (l1 + cg + 1) * LANES);
        c1.intoArray(partials, (l1 + cg + 2) * LANES);
        d1.intoArray(partials, (l1 + cg + 3) * LANES);
        e1.intoArray(partials, (l1 + cg + 4) * LANES);
      }
    }

    /** Where row t's squared-norm accumulator goes in {@link #partials}. */
    private int normPartial(int t) {
      return (BLOCK * kp + t) * LANES;
    }

    /**
     * The logits and squared norms of the first {@code tiled} rows from the tiles' accumulators:
     * each accumulator's lanes summed in lane order from 0, then its scalar tail and bias added.
     * That is the order in which JDK 17 computes {@code reduceLanes(ADD)}, so the bits are those of
     * a reduction per accumulator; but the tiles only store their accumulators, and the sums run
     * here as plain scalar loops that overlap one another, where 11 reductions a row had been a
     * quarter of a step at p = 128 with AVX-512 (docs/roofline.md).
     */
    private void sumPartials(int tiled) {
      int bound = SPECIES.loopBound(p);
      sumLanes(0, tiled * kp, logits);
      for (int t = 0; t < tiled; t++) {
        int o = offsets[t];
        for (int c = 0; c < kp; c++) {
          logits[t * kp + c] = logits[t * kp + c] + tail(c, o, bound) + bPadded[c];
        }
      }
      sumNormPartials(tiled);
    }

    /**
     * The squared norms of the first {@code tiled} rows from their partials, as in {@link
     * #sumPartials}.
     */
    private void sumNormPartials(int tiled) {
      int bound = SPECIES.loopBound(p);
      sumLanes(normPartial(0), tiled, squaredNorms);
      for (int t = 0; t < tiled; t++) {
        squaredNorms[t] = squaredNorms[t] + squaredTail(offsets[t], bound);
      }
    }

    /**
     * out[q] = the lanes of the partial-sum vector q summed in lane order, for the {@code count}
     * vectors stored one after another from {@code partials[from]}.
     */
    private void sumLanes(int from, int count, float[] out) {
      for (int q = 0; q < count; q++) {
        int base = from + q * LANES;
        float sum = 0f;
        for (int lane = 0; lane < LANES; lane++) {
          sum += partials[base + lane];
        }
        out[q] = sum;
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
     * accW[c, :] += sum_t a[t, c] x_t and, with a bias, accB[c] += sum_t a[t, c] over the block's r
     * rows.
     *
     * <p>The vector part holds a tile of accW in registers (five classes by four vectors of p, or
     * by two where the CPU has 16 vector registers) while it runs through all r rows, so each part
     * of accW is loaded and stored once a block, not once every four rows (accW and W do not both
     * fit in L1 beside a block of rows; a few per cent faster, docs/roofline.md). Each entry of
     * accW still takes its rows' fused multiply-adds in row order, so the bits are those of a
     * row-at-a-time update.
     */
    private void update(int r) {
      int bound = SPECIES.loopBound(p);
      int tiled = r / 4 * 4;
      if (hasBias) {
        for (int first = 0; first < tiled; first += 4) {
          addBiasGradients(first);
        }
        for (int t = tiled; t < r; t++) {
          for (int c = 0; c < k; c++) {
            accB[c] += logits[t * kp + c];
          }
        }
      }
      int step = wideTiles ? 4 * SPECIES.length() : 2 * SPECIES.length();
      for (int cg = 0; cg < kp; cg += CLASS_GROUP) {
        int j = 0;
        for (; j + step <= bound; j += step) {
          if (wideTiles) {
            updateFourVectors(r, cg, j);
          } else {
            updateTwoVectors(r, cg, j);
          }
        }
        for (; j < bound; j += SPECIES.length()) {
          updateOneVector(r, cg, j);
        }
      }
      for (int first = 0; first < tiled; first += 4) {
        updateTail(first, bound);
      }
      for (int t = tiled; t < r; t++) {
        int o = offsets[t];
        for (int c = 0; c < k; c++) {
          float a = logits[t * kp + c];
          int ao = c * p;
          for (int j = bound; j < p; j++) {
            accW[ao + j] += a * x[o + j];
          }
        }
      }
    }

    /**
     * accW[cg + i, j + v L] += sum_t a[t, cg + i] x_t[j + v L] for the five classes from cg and the
     * four vectors from j (L lanes): 20 accumulators, unrolled by hand as in {@link #logitsOfFour}.
     */
    private void updateFourVectors(int r, int cg, int j) {
      int lanes = SPECIES.length();
      int pa = cg * p + j;
      int pb = pa + p;
      int pc = pb + p;
      int pd = pc + p;
      int pe = pd + p;
      FloatVector a0 = FloatVector.fromArray(SPECIES, accW, pa);
      FloatVector a1 = FloatVector.fromArray(SPECIES, accW, pa + lanes);
      FloatVector a2 = FloatVector.fromArray(SPECIES, accW, pa + 2 * lanes);
      FloatVector a3 = FloatVector.fromArray(SPECIES, accW, pa + 3 * lanes);
      FloatVector b0 = FloatVector.fromArray(SPECIES, accW, pb);
      FloatVector b1 = FloatVector.fromArray(SPECIES, accW, pb + lanes);
      FloatVector b2 = FloatVector.fromArray(SPECIES, accW, pb + 2 * lanes);
      FloatVector b3 = FloatVector.fromArray(SPECIES, accW, pb + 3 * lanes);
      FloatVector c0 = FloatVector.fromArray(SPECIES, accW, pc);
      FloatVector c1 = FloatVector.fromArray(SPECIES, accW, pc + lanes);
      FloatVector c2 = FloatVector.fromArray(SPECIES, accW, pc + 2 * lanes);
      FloatVector c3 = FloatVector.fromArray(SPECIES, accW, pc + 3 * lanes);
      FloatVector d0 = FloatVector.fromArray(SPECIES, accW, pd);
      FloatVector d1 = FloatVector.fromArray(SPECIES, accW, pd + lanes);
      FloatVector d2 = FloatVector.fromArray(SPECIES, accW, pd + 2 * lanes);
      FloatVector d3 = FloatVector.fromArray(SPECIES, accW, pd + 3 * lanes);
      FloatVector e0 = FloatVector.fromArray(SPECIES, accW, pe);
      FloatVector e1 = FloatVector.fromArray(SPECIES, accW, pe + lanes);
      FloatVector e2 = FloatVector.fromArray(SPECIES, accW, pe + 2 * lanes);
      FloatVector e3 = FloatVector.fromArray(SPECIES, accW, pe + 3 * lanes);
      for (int t = 0; t < r; t++) {
        int lt = t * kp + cg;
        int o = offsets[t] + j;
        FloatVector x0 = FloatVector.fromArray(SPECIES, x, o);
        FloatVector x1 = FloatVector.fromArray(SPECIES, x, o + lanes);
        FloatVector x2 = FloatVector.fromArray(SPECIES, x, o + 2 * lanes);
        FloatVector x3 = FloatVector.fromArray(SPECIES, x, o + 3 * lanes);
        FloatVector w = FloatVector.broadcast(SPECIES, logits[lt]);
        a0 = x0.fma(w, a0);
        a1 = x1.fma(w, a1);
        a2 = x2.fma(w, a2);
        a3 = x3.fma(w, a3);
        w = FloatVector.broadcast(SPECIES, logits[lt + 1]);
        b0 = x0.fma(w, b0);
        b1 = x1.fma(w, b1);
        b2 = x2.fma(w, b2);
        b3 = x3.fma(w, b3);
        w = FloatVector.broadcast(SPECIES, logits[lt + 2]);
        c0 = x0.fma(w, c0);
        c1 = x1.fma(w, c1);
        c2 = x2.fma(w, c2);
        c3 = x3.fma(w, c3);
        w = FloatVector.broadcast(SPECIES, logits[lt + 3]);
        d0 = x0.fma(w, d0);
        d1 = x1.fma(w, d1);
        d2 = x2.fma(w, d2);
        d3 = x3.fma(w, d3);
        w = FloatVector.broadcast(SPECIES, logits[lt + 4]);
        e0 = x0.fma(w, e0);
        e1 = x1.fma(w, e1);
        e2 = x2.fma(w, e2);
        e3 = x3.fma(w, e3);
      }
      a0.intoArray(accW, pa);
      a1.intoArray(accW, pa + lanes);
      a2.intoArray(accW, pa + 2 * lanes);
      a3.intoArray(accW, pa + 3 * lanes);
      b0.intoArray(accW, pb);
      b1.intoArray(accW, pb + lanes);
      b2.intoArray(accW, pb + 2 * lanes);
      b3.intoArray(accW, pb + 3 * lanes);
      c0.intoArray(accW, pc);
      c1.intoArray(accW, pc + lanes);
      c2.intoArray(accW, pc + 2 * lanes);
      c3.intoArray(accW, pc + 3 * lanes);
      d0.intoArray(accW, pd);
      d1.intoArray(accW, pd + lanes);
      d2.intoArray(accW, pd + 2 * lanes);
      d3.intoArray(accW, pd + 3 * lanes);
      e0.intoArray(accW, pe);
      e1.intoArray(accW, pe + lanes);
      e2.intoArray(accW, pe + 2 * lanes);
      e3.intoArray(accW, pe + 3 * lanes);
    }

    /** {@link #updateFourVectors} with two vectors from j: 10 accumulators, for AVX2. */
    private void updateTwoVectors(int r, int cg, int j) {
      int lanes = SPECIES.length();
      int pa = cg * p + j;
      int pb = pa + p;
      int pc = pb + p;
      int pd = pc + p;
      int pe = pd + p;
      FloatVector a0 = FloatVector.fromArray(SPECIES, accW, pa);
      FloatVector a1 = FloatVector.fromArray(SPECIES, accW, pa + lanes);
      FloatVector b0 = FloatVector.fromArray(SPECIES, accW, pb);
      FloatVector b1 = FloatVector.fromArray(SPECIES, accW, pb + lanes);
      FloatVector c0 = FloatVector.fromArray(SPECIES, accW, pc);
      FloatVector c1 = FloatVector.fromArray(SPECIES, accW, pc + lanes);
      FloatVector d0 = FloatVector.fromArray(SPECIES, accW, pd);
      FloatVector d1 = FloatVector.fromArray(SPECIES, accW, pd + lanes);
      FloatVector e0 = FloatVector.fromArray(SPECIES, accW, pe);
      FloatVector e1 = FloatVector.fromArray(SPECIES, accW, pe + lanes);
      for (int t = 0; t < r; t++) {
        int lt = t * kp + cg;
        int o = offsets[t] + j;
        FloatVector x0 = FloatVector.fromArray(SPECIES, x, o);
        FloatVector x1 = FloatVector.fromArray(SPECIES, x, o + lanes);
        FloatVector w = FloatVector.broadcast(SPECIES, logits[lt]);
        a0 = x0.fma(w, a0);
        a1 = x1.fma(w, a1);
        w = FloatVector.broadcast(SPECIES, logits[lt + 1]);
        b0 = x0.fma(w, b0);
        b1 = x1.fma(w, b1);
        w = FloatVector.broadcast(SPECIES, logits[lt + 2]);
        c0 = x0.fma(w, c0);
        c1 = x1.fma(w, c1);
        w = FloatVector.broadcast(SPECIES, logits[lt + 3]);
        d0 = x0.fma(w, d0);
        d1 = x1.fma(w, d1);
        w = FloatVector.broadcast(SPECIES, logits[lt + 4]);
        e0 = x0.fma(w, e0);
        e1 = x1.fma(w, e1);
      }
      a0.intoArray(accW, pa);
      a1.intoArray(accW, pa + lanes);
      b0.intoArray(accW, pb);
      b1.intoArray(accW, pb + lanes);
      c0.intoArray(accW, pc);
      c1.intoArray(accW, pc + lanes);
      d0.intoArray(accW, pd);
      d1.intoArray(accW, pd + lanes);
      e0.intoArray(accW, pe);
      e1.intoArray(accW, pe + lanes);
    }

    /** {@link #updateFourVectors} with the one vector at j: the vectors left over. */
    private void updateOneVector(int r, int cg, int j) {
      int pa = cg * p + j;
      int pb = pa + p;
      int pc = pb + p;
      int pd = pc + p;
      int pe = pd + p;
      FloatVector a = FloatVector.fromArray(SPECIES, accW, pa);
      FloatVector b = FloatVector.fromArray(SPECIES, accW, pb);
      FloatVector c = FloatVector.fromArray(SPECIES, accW, pc);
      FloatVector d = FloatVector.fromArray(SPECIES, accW, pd);
      FloatVector e = FloatVector.fromArray(SPECIES, accW, pe);
      for (int t = 0; t < r; t++) {
        int lt = t * kp + cg;
        FloatVector xt = FloatVector.fromArray(SPECIES, x, offsets[t] + j);
        a = xt.fma(FloatVector.broadcast(SPECIES, logits[lt]), a);
        b = xt.fma(FloatVector.broadcast(SPECIES, logits[lt + 1]), b);
        c = xt.fma(FloatVector.broadcast(SPECIES, logits[lt + 2]), c);
        d = xt.fma(FloatVector.broadcast(SPECIES, logits[lt + 3]), d);
        e = xt.fma(FloatVector.broadcast(SPECIES, logits[lt + 4]), e);
      }
      a.intoArray(accW, pa);
      b.intoArray(accW, pb);
      c.intoArray(accW, pc);
      d.intoArray(accW, pd);
      e.intoArray(accW, pe);
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
