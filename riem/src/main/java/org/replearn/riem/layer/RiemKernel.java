package org.replearn.riem.layer;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.InvalidInputException;
import org.replearn.core.concurrent.KernelPools;
import org.replearn.core.numeric.VectorExp;
import org.replearn.core.numeric.VectorGemm;

/**
 * Fused plain-Java kernel for one RieM matrix: materialises {@code W_hat} and computes the loss
 * {@code L = sum_ij (W_ij - W_hat_ij)^2} with its analytic gradient.
 *
 * <p>The official forward map (RieM repository, {@code dynMat_rieM}) is {@code W_hat_ij = b + w^T
 * sum_k sigmoid(A_k (p_i + shift_k(q_j)) + c_k)}; its linear part factors as {@code A_k (p_i +
 * shift_k(q_j)) + c_k = alpha_k[i] + beta_k[j]} with {@code alpha_k = P A_k^T + c_k} {@code [rows,
 * m]} and {@code beta_k = Q roll(A_k, s_k)^T} {@code [cols, m]}, so a step costs {@code rows cols K
 * m} sigmoids plus {@code O(K m d (rows + cols))} multiply-adds. The exponential factors the same
 * way, {@code e^-(alpha + beta) = e^-alpha e^-beta}, so a sigmoid is {@code 1 / (1 + e^-alpha
 * e^-beta)}: one FMA and one division per entry, with only {@code (rows + cols) K m} exponentials
 * (without the factoring the per-entry exponential cost three quarters of a step). A row takes the
 * factored form when {@code max|alpha[i]| + max|beta| <= 87}, so that neither factor nor their
 * product leaves the normal float range; other rows (saturated sigmoids) exponentiate each entry.
 * Exponentials come from {@link VectorExp}, so a fit is the same bit for bit whether or not the JIT
 * has compiled the kernel yet. With {@code G = 2 (W_hat - W)}, {@code S = sigmoid} and {@code D_k =
 * G w (S_k (1 - S_k))} {@code [rows, cols, m]} (never stored), the gradients are (the chain rule
 * through the official forward map {@code dynMat_rieM}, checked against PyTorch autograd in {@code
 * RiemKernelAutogradTest}): {@code dw = sum_ij G sum_k S_k}, {@code db = sum G}, {@code u_k = sum_j
 * D_k}, {@code v_k = sum_i D_k}, {@code dA_k = u_k^T P + v_k^T shift_k(Q)}, {@code dc_k = sum_i
 * u_k}, {@code dP = sum_k u_k A_k}, {@code dQ = sum_k roll(v_k A_k, s_k)}.
 *
 * <p>Work is split by rows (and columns for the {@code beta} and {@code dQ} parts) over {@code
 * threads} threads; each thread keeps one row of sigmoids ({@code K m cols} floats) at a time, so
 * memory is {@code O((rows + cols) K m + threads K m cols)}: a 3072 x 768 layer needs a few MB. The
 * sigmoid loops use the JDK Vector API. Not thread-safe: one fit uses one kernel.
 */
public final class RiemKernel implements AutoCloseable {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private final RiemShape shape;
  private final int rows;
  private final int cols;
  private final int dim;
  private final int metric;
  private final int units;
  private final int padded;
  private final int unitsPadded;
  private final int dimPadded;
  private final float[] target;
  private final ExecutorService pool;
  private final Worker[] workers;

  private final float[] alpha;
  private final float[] betaT;
  private final float[] expNegAlpha;
  private final float[] expNegBeta;
  private final float[] expNegBetaT;
  private final float[] rowMaxAbsAlpha;
  private float maxAbsBeta;
  private final float[] beta;
  private final float[] u;
  private final float[] v;
  private final float[] paddedA;
  private final float[] transposedA;
  private final float[] rolledA;
  private final float[] rolledTransposedA;
  private final int[] rolledIndex;
  private final float[] dA;
  private final float[] dc;
  private final float[] dw;

  private float[] params;
  private float[] grad;
  private float[] output;

  /**
   * A kernel for {@code shape} that fits {@code target}.
   *
   * @param target W as {@code [rows, cols]} row-major, or {@code null} for a kernel that only
   *     materialises W_hat
   * @param threads threads: the caller's and threads - 1 pool threads (1 runs on the caller alone)
   */
  public RiemKernel(RiemShape shape, float[] target, int threads) {
    InvalidInputException.require(threads >= 1, "threads", "must be >= 1", threads);
    this.shape = shape;
    this.rows = shape.rows();
    this.cols = shape.cols();
    this.dim = shape.stateDim();
    this.metric = shape.metricDim();
    this.units = shape.units();
    this.padded = VectorGemm.padded(cols);
    this.unitsPadded = VectorGemm.padded(units);
    this.dimPadded = VectorGemm.padded(dim);
    if (target != null) {
      InvalidInputException.require(
          target.length == rows * cols,
          "target matrix",
          "must hold rows*cols = " + rows * cols + " values",
          target.length);
      this.target = new float[rows * padded];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(target, i * cols, this.target, i * padded, cols);
      }
    } else {
      this.target = null;
    }
    int used = Math.min(threads, rows);
    this.pool = KernelPools.fixedDaemonOrNull("riem-kernel", used - 1);
    this.workers = new Worker[used];
    for (int w = 0; w < used; w++) {
      workers[w] =
          new Worker(
              rows * w / used, rows * (w + 1) / used, cols * w / used, cols * (w + 1) / used);
    }
    this.alpha = new float[rows * unitsPadded];
    this.beta = new float[cols * unitsPadded];
    this.betaT = new float[units * padded];
    this.expNegAlpha = new float[rows * unitsPadded];
    this.expNegBeta = new float[cols * unitsPadded];
    this.expNegBetaT = new float[units * padded];
    Arrays.fill(expNegBetaT, 1f); // the padding columns: beta = 0
    this.rowMaxAbsAlpha = new float[rows];
    this.u = new float[rows * unitsPadded];
    this.v = new float[cols * unitsPadded];
    this.paddedA = new float[units * dimPadded];
    this.transposedA = new float[dim * unitsPadded];
    this.rolledA = new float[units * dimPadded];
    this.rolledTransposedA = new float[dim * unitsPadded];
    this.rolledIndex = new int[units * dim];
    for (int km = 0; km < units; km++) {
      int s = shape.shift(km / metric);
      for (int t = 0; t < dim; t++) {
        rolledIndex[km * dim + t] = (t + s) % dim;
      }
    }
    this.dA = new float[units * dim];
    this.dc = new float[units];
    this.dw = new float[metric];
  }

  /** The shape this kernel works on. */
  public RiemShape shape() {
    return shape;
  }

  /**
   * Materialises W_hat.
   *
   * @param parameters flat parameters in the {@link RiemShape} layout
   * @return {@code [rows, cols]} row-major
   */
  public float[] reconstruct(float[] parameters) {
    checkLength(parameters);
    this.params = parameters;
    this.output = new float[rows * cols];
    prepare();
    runAll(w -> w.forwardRows(false));
    float[] result = output;
    this.output = null;
    return result;
  }

  /**
   * The loss {@code sum_ij (W_ij - W_hat_ij)^2} and its gradient.
   *
   * @param parameters flat parameters in the {@link RiemShape} layout
   * @param gradient receives dL/dparameters (same layout, overwritten)
   * @return the loss
   */
  public double lossAndGradient(float[] parameters, float[] gradient) {
    if (target == null) {
      throw new IllegalStateException("this kernel was built without a target matrix");
    }
    checkLength(parameters);
    checkLength(gradient);
    this.params = parameters;
    this.grad = gradient;
    prepare();
    runAll(w -> w.forwardRows(true));
    runAll(Worker::backward);
    return combine();
  }

  private void checkLength(float[] a) {
    InvalidInputException.require(
        a.length == shape.parameterCount(),
        "RieM parameter vector",
        "must hold " + shape.parameterCount() + " values",
        a.length);
  }

  /** A (padded), A^T, rolled A and its transpose, then alpha and beta (phase 1). */
  private void prepare() {
    int offA = shape.offsetA();
    for (int km = 0; km < units; km++) {
      for (int t = 0; t < dim; t++) {
        float a = params[offA + km * dim + t];
        int rolled = rolledIndex[km * dim + t]; // rolledA[km][(t + s) mod d] = A[km][t]
        paddedA[km * dimPadded + t] = a;
        transposedA[t * unitsPadded + km] = a;
        rolledA[km * dimPadded + rolled] = a;
        rolledTransposedA[rolled * unitsPadded + km] = a;
      }
    }
    runAll(Worker::projections);
    maxAbsBeta = 0;
    for (Worker w : workers) {
      maxAbsBeta = Math.max(maxAbsBeta, w.maxAbsBeta);
    }
  }

  private double combine() {
    double loss = 0;
    double db = 0;
    Arrays.fill(dA, 0f);
    Arrays.fill(dc, 0f);
    Arrays.fill(dw, 0f);
    for (Worker w : workers) {
      loss += w.loss;
      db += w.db;
      for (int km = 0; km < units; km++) {
        dc[km] += w.dc[km];
        for (int t = 0; t < dim; t++) {
          dA[km * dim + t] +=
              w.dTransposedA[t * unitsPadded + km]
                  + w.dRolledTransposedA[rolledIndex[km * dim + t] * unitsPadded + km];
        }
      }
      for (int mm = 0; mm < metric; mm++) {
        dw[mm] += w.dw[mm];
      }
    }
    System.arraycopy(dA, 0, grad, shape.offsetA(), dA.length);
    System.arraycopy(dc, 0, grad, shape.offsetC(), units);
    System.arraycopy(dw, 0, grad, shape.offsetW(), metric);
    grad[shape.offsetB()] = (float) db;
    this.params = null;
    this.grad = null;
    return loss;
  }

  /**
   * Runs {@code phase} on every worker: worker 0 on the calling thread, the others on the pool
   * ({@link KernelPools#runParts}; a step has three phases, and the pool's threads spin between
   * them rather than block).
   */
  private void runAll(Phase phase) {
    KernelPools.runParts(pool, workers.length, w -> phase.run(workers[w]), "RieM kernel");
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface Phase {
    void run(Worker worker);
  }

  /**
   * {@code dst[k] = e^-src[k]} for {@code k} in {@code [from, to)}, a range of whole vectors (rows
   * of alpha or beta padded to {@code unitsPadded}). Exponentiating the padded rows, rather than
   * the transposed betaT's column ranges, needs no tail: JDK 17's C2 does not compile masked loads
   * to vector code on AVX2 (it allocated a vector and a mask per call).
   */
  private static void expNegInto(float[] src, float[] dst, int from, int to) {
    for (int k = from; k < to; k += SPECIES.length()) {
      VectorExp.exp(FloatVector.fromArray(SPECIES, src, k).neg()).intoArray(dst, k);
    }
  }

  /** {@code max |a[k]|} for {@code k} in {@code [from, to)} (NaN if any is NaN). */
  private static float maxAbs(float[] a, int from, int to) {
    float max = 0;
    for (int k = from; k < to; k++) {
      max = Math.max(max, Math.abs(a[k]));
    }
    return max;
  }

  /** One thread's share: a row range and a column range with private accumulators. */
  private final class Worker {
    final int rowStart;
    final int rowEnd;
    final int colStart;
    final int colEnd;
    final float[] sigmoids = new float[units * padded];
    final float[] reconstructed = new float[padded];
    final float[] residual = new float[padded];
    final float[] vT = new float[units * padded];
    final float[] dTransposedA = new float[dim * unitsPadded];
    final float[] dRolledTransposedA = new float[dim * unitsPadded];
    final float[] dStates;
    final float[] dc = new float[units];
    final float[] dw = new float[metric];
    float maxAbsBeta;
    double loss;
    double db;

    Worker(int rowStart, int rowEnd, int colStart, int colEnd) {
      this.rowStart = rowStart;
      this.rowEnd = rowEnd;
      this.colStart = colStart;
      this.colEnd = colEnd;
      this.dStates = new float[Math.max(rowEnd - rowStart, colEnd - colStart) * dimPadded];
    }

    /**
     * alpha[i] = c + P[i] A^T for own rows; beta[j] = Q[j] rolledA^T for own columns, also kept
     * transposed (betaT); their negated exponentials and largest magnitudes.
     */
    void projections() {
      int ownRows = rowEnd - rowStart;
      int ownCols = colEnd - colStart;
      int offC = shape.offsetC();
      for (int i = rowStart; i < rowEnd; i++) {
        System.arraycopy(params, offC, alpha, i * unitsPadded, units);
      }
      VectorGemm.multiplyAdd(
          params,
          shape.offsetP() + rowStart * dim,
          dim,
          1,
          transposedA,
          0,
          unitsPadded,
          alpha,
          rowStart * unitsPadded,
          unitsPadded,
          ownRows,
          dim,
          unitsPadded);
      for (int i = rowStart; i < rowEnd; i++) {
        rowMaxAbsAlpha[i] = maxAbs(alpha, i * unitsPadded, i * unitsPadded + units);
      }
      expNegInto(alpha, expNegAlpha, rowStart * unitsPadded, rowEnd * unitsPadded);
      Arrays.fill(beta, colStart * unitsPadded, colEnd * unitsPadded, 0f);
      VectorGemm.multiplyAdd(
          params,
          shape.offsetQ() + colStart * dim,
          dim,
          1,
          rolledTransposedA,
          0,
          unitsPadded,
          beta,
          colStart * unitsPadded,
          unitsPadded,
          ownCols,
          dim,
          unitsPadded);
      maxAbsBeta = maxAbs(beta, colStart * unitsPadded, colEnd * unitsPadded);
      expNegInto(beta, expNegBeta, colStart * unitsPadded, colEnd * unitsPadded);
      for (int j = colStart; j < colEnd; j++) {
        for (int km = 0; km < units; km++) {
          betaT[km * padded + j] = beta[j * unitsPadded + km];
          expNegBetaT[km * padded + j] = expNegBeta[j * unitsPadded + km];
        }
      }
    }

    /**
     * W_hat for own rows; with {@code fit}, also the residual, loss and the row-local parts of the
     * backward pass (u, v, dw, db).
     */
    void forwardRows(boolean fit) {
      loss = 0;
      db = 0;
      if (fit) {
        Arrays.fill(vT, 0f);
        Arrays.fill(dw, 0f);
      }
      int offW = shape.offsetW();
      float bias = params[shape.offsetB()];
      for (int i = rowStart; i < rowEnd; i++) {
        Arrays.fill(reconstructed, bias);
        boolean factored = rowMaxAbsAlpha[i] + maxAbsBeta <= VectorExp.FLOAT_LIMIT;
        for (int km = 0; km < units; km++) {
          float wm = params[offW + km % metric];
          if (factored) {
            factoredSigmoids(expNegAlpha[i * unitsPadded + km], wm, km * padded, fit);
          } else {
            entrywiseSigmoids(alpha[i * unitsPadded + km], wm, km * padded, fit);
          }
        }
        if (!fit) {
          System.arraycopy(reconstructed, 0, output, i * cols, cols);
          continue;
        }
        int row = i * padded;
        double rowLoss = 0;
        double rowSum = 0;
        for (int j = 0; j < cols; j++) {
          float r = reconstructed[j] - target[row + j];
          rowLoss += (double) r * r;
          residual[j] = 2f * r;
          rowSum += residual[j];
        }
        loss += rowLoss;
        db += rowSum;
        backwardRow(i);
      }
    }

    /**
     * One (row, unit) over all columns: {@code s_j = 1 / (1 + e^-alpha e^-beta_j)} from the stored
     * factors, kept (when fitting) and added to the reconstructed row with weight {@code w}.
     */
    private void factoredSigmoids(float expNegAlpha, float w, int base, boolean fit) {
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      FloatVector ea = FloatVector.broadcast(SPECIES, expNegAlpha);
      FloatVector wm = FloatVector.broadcast(SPECIES, w);
      for (int j = 0; j < padded; j += SPECIES.length()) {
        FloatVector eb = FloatVector.fromArray(SPECIES, expNegBetaT, base + j);
        accumulate(one.div(ea.fma(eb, one)), wm, base, j, fit);
      }
    }

    /** As {@link #factoredSigmoids}, with one exponential per entry: {@code 1 / (1 + e^-z)}. */
    private void entrywiseSigmoids(float alpha, float w, int base, boolean fit) {
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      FloatVector a = FloatVector.broadcast(SPECIES, alpha);
      FloatVector wm = FloatVector.broadcast(SPECIES, w);
      for (int j = 0; j < padded; j += SPECIES.length()) {
        FloatVector z = a.add(FloatVector.fromArray(SPECIES, betaT, base + j));
        accumulate(one.div(VectorExp.exp(z.neg()).add(one)), wm, base, j, fit);
      }
    }

    /**
     * Keeps {@code s} (when fitting) and adds {@code w s} to the reconstructed row at {@code j}.
     */
    private void accumulate(FloatVector s, FloatVector wm, int base, int j, boolean fit) {
      if (fit) {
        s.intoArray(sigmoids, base + j);
      }
      s.fma(wm, FloatVector.fromArray(SPECIES, reconstructed, j)).intoArray(reconstructed, j);
    }

    /** u[i] and this thread's v and dw from the stored sigmoids of row i. */
    private void backwardRow(int i) {
      int offW = shape.offsetW();
      int step = SPECIES.length();
      for (int km = 0; km < units; km++) {
        float wm = params[offW + km % metric];
        FloatVector wmv = FloatVector.broadcast(SPECIES, wm);
        int base = km * padded;
        FloatVector gs = FloatVector.zero(SPECIES);
        FloatVector gss = FloatVector.zero(SPECIES);
        for (int j = 0; j < padded; j += step) {
          FloatVector s = FloatVector.fromArray(SPECIES, sigmoids, base + j);
          FloatVector g = FloatVector.fromArray(SPECIES, residual, j);
          FloatVector gsj = g.mul(s);
          FloatVector gssj = gsj.mul(s);
          gs = gs.add(gsj);
          gss = gss.add(gssj);
          gsj.sub(gssj)
              .fma(wmv, FloatVector.fromArray(SPECIES, vT, base + j))
              .intoArray(vT, base + j);
        }
        float sumGs = gs.reduceLanes(VectorOperators.ADD);
        float sumGss = gss.reduceLanes(VectorOperators.ADD);
        dw[km % metric] += sumGs;
        u[i * unitsPadded + km] = wm * (sumGs - sumGss);
      }
    }

    /**
     * dA (both halves), dc, dP for own rows and dQ for own columns, as products: dP = u A and dA^T
     * = P^T u over own rows, v = the workers' vT summed and transposed, dQ = v rolledA and d(rolled
     * A)^T = Q^T v over own columns.
     */
    void backward() {
      int ownRows = rowEnd - rowStart;
      int ownCols = colEnd - colStart;
      int offP = shape.offsetP();
      int offQ = shape.offsetQ();
      Arrays.fill(dc, 0f);
      for (int i = rowStart; i < rowEnd; i++) {
        for (int km = 0; km < units; km++) {
          dc[km] += u[i * unitsPadded + km];
        }
      }
      Arrays.fill(dTransposedA, 0f);
      VectorGemm.multiplyAdd(
          params,
          offP + rowStart * dim,
          1,
          dim,
          u,
          rowStart * unitsPadded,
          unitsPadded,
          dTransposedA,
          0,
          unitsPadded,
          dim,
          ownRows,
          unitsPadded);
      gradientOfStates(u, rowStart, ownRows, paddedA, offP + rowStart * dim);
      for (int j = colStart; j < colEnd; j++) {
        for (int km = 0; km < units; km++) {
          float sum = 0;
          for (Worker w : workers) {
            sum += w.vT[km * padded + j];
          }
          v[j * unitsPadded + km] = sum;
        }
      }
      Arrays.fill(dRolledTransposedA, 0f);
      VectorGemm.multiplyAdd(
          params,
          offQ + colStart * dim,
          1,
          dim,
          v,
          colStart * unitsPadded,
          unitsPadded,
          dRolledTransposedA,
          0,
          unitsPadded,
          dim,
          ownCols,
          unitsPadded);
      gradientOfStates(v, colStart, ownCols, rolledA, offQ + colStart * dim);
    }

    /**
     * {@code grad[gradOff + r d + t] = sum_km g[(first + r) K m + km] a[km d + t]} for {@code r <
     * count}: the states' gradient rows from their per-unit gradients {@code g} and the (padded)
     * metric matrix {@code a}.
     */
    private void gradientOfStates(float[] g, int first, int count, float[] a, int gradOff) {
      Arrays.fill(dStates, 0, count * dimPadded, 0f);
      VectorGemm.multiplyAdd(
          g,
          first * unitsPadded,
          unitsPadded,
          1,
          a,
          0,
          dimPadded,
          dStates,
          0,
          dimPadded,
          count,
          units,
          dimPadded);
      for (int r = 0; r < count; r++) {
        System.arraycopy(dStates, r * dimPadded, grad, gradOff + r * dim, dim);
      }
    }
  }
}
