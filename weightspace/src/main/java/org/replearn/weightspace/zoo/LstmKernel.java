package org.replearn.weightspace.zoo;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.InvalidInputException;

/**
 * Mean cross-entropy and its gradient for one zoo LSTM on one teacher-forced batch, computed in
 * plain Java with the JDK Vector API: a fused forward (input projections of all time steps as one
 * product, then per step the recurrent product and the cell) and the hand-derived backward pass. No
 * native tensors are created, so a worker thread trains its models without per-op overhead and with
 * a working set of a few MB.
 *
 * <p>Per layer, rows n = t B + b of time-major sequences [T, B, features]:
 *
 * <pre>
 *   G = X W_ih^T + b_ih + b_hh, then per step G_t += h_{t-1} W_hh^T         [T B, 4H]
 *   i, f, o = sigmoid(G_i, G_f, G_o); g = tanh(G_g)
 *   c_t = f c_{t-1} + i g;  h_t = o tanh(c_t)
 *   z = h_top W_lin^T + b_lin;  loss = mean_n (logsumexp(z_n) - z_n[target_n])
 * </pre>
 *
 * Backward, per step from the last: dh = dH_t + dh_{t+1}, do = dh tanh(c) o(1-o), dc = dh o (1 -
 * tanh(c)^2) + dc_{t+1}, di = dc g i(1-i), df = dc c_{t-1} f(1-f), dg = dc i (1-g^2), dc_t = dc f,
 * dh_t = dG_t W_hh; then dW_ih = dG^T X, dW_hh = dG^T h_{t-1}, db_ih = db_hh = sum_n dG and the
 * layer below receives dX = dG W_ih.
 *
 * <p>Not thread-safe: one kernel per worker thread (it owns its work buffers).
 */
final class LstmKernel {
  private static final VectorSpecies<Float> S = VectorMath.S;
  private static final int L = S.length();

  /**
   * Whether the products take the wide tiles of {@link #wideTiles}: six rows by four vectors (24
   * accumulators, 4 vectors of B and a broadcast: 29 vector registers) and eight rows by two (19),
   * which AVX-512's 32 registers hold and AVX2's 16 do not. AVX2 takes tiles of four rows by two
   * vectors: 8 independent FMA chains, which two FMA pipes of 4-cycle latency just keep busy when
   * nothing else stalls. The wide tiles load fewer vectors and scalars per FMA, which matters where
   * loads are slow: on an Intel Xeon guest whose L1 delivers 47-50 bytes a cycle, {@link #multiply}
   * at the zoo's 32 x 32 x 128 ran at 3.9 FMAs/ns against 2.9-3.1 with 4 x 4 tiles; 8 x 2 tiles ran
   * as fast as 4 x 2 (3.5), and keep the wide path in one place. Every element of C takes the same
   * FMAs in the same order in any tile, so all give the same bits.
   */
  private static final boolean WIDE_TILES = S.vectorBitSize() >= 512;

  private final LstmSpec spec;
  private final int hidden;
  private final int gates;
  private final int layers;
  private final int outputs;

  /**
   * Outputs rounded up to whole vectors: the read-out works on [rows, padded] with zero columns.
   */
  private final int padded;

  private final int[] inputOffset;
  private final int[] recurrentOffset;
  private final int[] inputBiasOffset;
  private final int[] recurrentBiasOffset;
  private final int linearOffset;
  private final int linearBiasOffset;

  /** Transposed weights W_ih^T [in, 4H] and W_hh^T [H, 4H] per layer. */
  private final float[][] inputT;

  private final float[][] recurrentT;

  /** W_lin^T [H, padded] and W_lin [padded, H], zero beyond Y. */
  private final float[] linearT;

  private final float[] linear;

  /** Per gate unit: the exponent factor (-1 for i, f, o; 2 for g) and the affine map after it. */
  private final float[] exponentScale;

  private final float[] outputScale;
  private final float[] outputShift;

  /** Gradient scratch: a weight gradient transposed [max(X, H), 4H], and dW_lin [padded, H]. */
  private final float[] transposedGradient;

  private final float[] linearGradient;

  private int capacityRows = -1;
  private int capacityBatch = -1;

  /** Per layer: activated gates i, f, g, o [T B, 4H]; later their gradients. */
  private float[][] activations;

  /** Per layer: cell states [(T + 1) B, H], the first B rows c_{-1} = 0. */
  private float[][] cells;

  /** Per layer: tanh(c_t) [T B, H]. */
  private float[][] tanhCells;

  /** Per layer: hidden states [(T + 1) B, H], the first B rows h_{-1} = 0. */
  private float[][] states;

  /** Logits [T B, padded], then dL/dz. */
  private float[] logits;

  private float[] stateGradient;
  private float[] carryH;
  private float[] carryC;

  /**
   * @param spec the model shape; its hidden size must be a multiple of the vector length 8
   */
  LstmKernel(LstmSpec spec) {
    InvalidInputException.require(
        spec.hiddenSize() % L == 0,
        "hidden size",
        "must be a multiple of " + L + " for the Java trainer",
        spec.hiddenSize());
    this.spec = spec;
    this.hidden = spec.hiddenSize();
    this.gates = LstmSpec.GATES * hidden;
    this.layers = spec.layers();
    this.outputs = spec.outputSize();
    this.padded = (outputs + L - 1) / L * L;
    inputOffset = new int[layers];
    recurrentOffset = new int[layers];
    inputBiasOffset = new int[layers];
    recurrentBiasOffset = new int[layers];
    inputT = new float[layers][];
    recurrentT = new float[layers][];
    for (int l = 0; l < layers; l++) {
      String p = "lstm_cells." + l + ".";
      inputOffset[l] = spec.slot(p + "i2h.weight").offset();
      recurrentOffset[l] = spec.slot(p + "h2h.weight").offset();
      inputBiasOffset[l] = spec.slot(p + "i2h.bias").offset();
      recurrentBiasOffset[l] = spec.slot(p + "h2h.bias").offset();
      inputT[l] = new float[spec.layerInputSize(l) * gates];
      recurrentT[l] = new float[hidden * gates];
    }
    linearOffset = spec.slot("linear.weight").offset();
    linearBiasOffset = spec.slot("linear.bias").offset();
    linearT = new float[hidden * padded];
    linear = new float[padded * hidden];
    transposedGradient = new float[Math.max(spec.inputSize(), hidden) * gates];
    linearGradient = new float[padded * hidden];
    exponentScale = new float[gates];
    outputScale = new float[gates];
    outputShift = new float[gates];
    for (int j = 0; j < gates; j++) {
      boolean candidate = j / hidden == 2;
      exponentScale[j] = candidate ? 2f : -1f;
      outputScale[j] = candidate ? -2f : 1f;
      outputShift[j] = candidate ? 1f : 0f;
    }
  }

  private void ensureCapacity(int steps, int batch) {
    int rows = steps * batch;
    if (rows <= capacityRows && batch <= capacityBatch) {
      return;
    }
    capacityRows = rows;
    capacityBatch = batch;
    activations = new float[layers][rows * gates];
    cells = new float[layers][(rows + batch) * hidden];
    tanhCells = new float[layers][rows * hidden];
    states = new float[layers][(rows + batch) * hidden];
    logits = new float[rows * padded];
    stateGradient = new float[rows * hidden];
    carryH = new float[batch * hidden];
    carryC = new float[batch * hidden];
  }

  /**
   * Forward pass; fills {@link #logits} and keeps what the backward pass needs.
   *
   * @param w flat weights in the official order [P]
   * @param x inputs [T, B, X], time-major
   */
  private void forward(float[] w, float[] x, int steps, int batch) {
    prepare(w);
    ensureCapacity(steps, batch);
    int rows = steps * batch;
    int stride = batch * hidden;
    for (int l = 0; l < layers; l++) {
      int in = spec.layerInputSize(l);
      float[] act = activations[l];
      fillBias(w, l, act, rows);
      float[] input = l == 0 ? x : states[l - 1];
      multiply(input, l == 0 ? 0 : stride, inputT[l], act, 0, rows, in, gates);
      float[] c = cells[l];
      float[] h = states[l];
      Arrays.fill(c, 0, stride, 0f);
      Arrays.fill(h, 0, stride, 0f);
      for (int t = 0; t < steps; t++) {
        int row = t * batch;
        multiply(h, row * hidden, recurrentT[l], act, row * gates, batch, hidden, gates);
        activate(act, row * gates, batch);
        update(act, row * gates, c, h, tanhCells[l], row * hidden, stride, batch);
      }
    }
    readOut(w, states[layers - 1], stride, logits, rows);
  }

  /** Transposed copies of {@code w}'s matrices for the products. */
  private void prepare(float[] w) {
    for (int l = 0; l < layers; l++) {
      transpose(w, inputOffset[l], gates, spec.layerInputSize(l), inputT[l], gates);
      transpose(w, recurrentOffset[l], gates, hidden, recurrentT[l], gates);
    }
    transpose(w, linearOffset, outputs, hidden, linearT, padded);
    System.arraycopy(w, linearOffset, linear, 0, outputs * hidden);
  }

  /** Fills {@code rows} rows of gates [rows, 4H] with b_ih + b_hh of layer l. */
  private void fillBias(float[] w, int l, float[] act, int rows) {
    for (int j = 0; j < gates; j++) {
      act[j] = w[inputBiasOffset[l] + j] + w[recurrentBiasOffset[l] + j];
    }
    for (int n = 1; n < rows; n++) {
      System.arraycopy(act, 0, act, n * gates, gates);
    }
  }

  /** out [rows, padded] = h [rows, H] (from {@code start}) W_lin^T + b_lin, zero beyond Y. */
  private void readOut(float[] w, float[] h, int start, float[] out, int rows) {
    for (int n = 0; n < rows; n++) {
      System.arraycopy(w, linearBiasOffset, out, n * padded, outputs);
      Arrays.fill(out, n * padded + outputs, (n + 1) * padded, 0f);
    }
    multiply(h, start, linearT, out, 0, rows, hidden, padded);
  }

  /**
   * Teacher-forced logits of one model (no gradient).
   *
   * @param w flat weights [P]
   * @param x inputs [T, B, X], time-major
   * @param out receives the logits [T, B, Y]
   */
  void logits(float[] w, float[] x, int steps, int batch, float[] out) {
    forward(w, x, steps, batch);
    for (int n = 0; n < steps * batch; n++) {
      System.arraycopy(logits, n * padded, out, n * outputs, outputs);
    }
  }

  /**
   * Free-running generation of one model, one step at a time: the caller chooses each step's inputs
   * from the previous step's logits.
   */
  final class Generator {
    private final float[] w;
    private final int batch;
    private final float[][] c = new float[layers][];
    private final float[][] h = new float[layers][];
    private final float[] act;
    private final float[] tanhC;
    private final float[] out;

    private Generator(float[] w, int batch) {
      this.w = w;
      this.batch = batch;
      for (int l = 0; l < layers; l++) {
        c[l] = new float[2 * batch * hidden];
        h[l] = new float[2 * batch * hidden];
      }
      act = new float[batch * gates];
      tanhC = new float[batch * hidden];
      out = new float[batch * padded];
      prepare(w);
    }

    /**
     * Advances all B sequences by one step.
     *
     * @param x inputs [B, X]
     * @return logits [B, padded] (Y used, zero beyond), valid until the next call
     */
    float[] step(float[] x) {
      int stride = batch * hidden;
      float[] input = x;
      for (int l = 0; l < layers; l++) {
        fillBias(w, l, act, batch);
        multiply(input, 0, inputT[l], act, 0, batch, spec.layerInputSize(l), gates);
        multiply(h[l], 0, recurrentT[l], act, 0, batch, hidden, gates);
        activate(act, 0, batch);
        update(act, 0, c[l], h[l], tanhC, 0, stride, batch);
        System.arraycopy(c[l], stride, c[l], 0, stride);
        System.arraycopy(h[l], stride, h[l], 0, stride);
        input = h[l];
      }
      readOut(w, h[layers - 1], 0, out, batch);
      return out;
    }

    /** Row length of the logits {@link #step} returns. */
    int stride() {
      return padded;
    }
  }

  /**
   * A generator of B sequences from the zero state for weights {@code w}; it uses this kernel's
   * transposed weights, so run no other work on the kernel while it is in use.
   */
  Generator generator(float[] w, int batch) {
    return new Generator(w, batch);
  }

  /**
   * Activates the gates of B rows from {@code g} in place: i, f, o = sigmoid(x) = 1 / (1 + e^-x)
   * and g = tanh(x) = 1 - 2 / (1 + e^{2x}), so one exponential serves all four gates.
   */
  private void activate(float[] act, int g, int batch) {
    for (int r = 0; r < batch; r++) {
      int row = g + r * gates;
      for (int j = 0; j < gates; j += L) {
        FloatVector x = FloatVector.fromArray(S, act, row + j);
        FloatVector coefficient = FloatVector.fromArray(S, exponentScale, j);
        FloatVector.broadcast(S, 1f)
            .div(VectorMath.exp(x.mul(coefficient)).add(1f))
            .mul(FloatVector.fromArray(S, outputScale, j))
            .add(FloatVector.fromArray(S, outputShift, j))
            .intoArray(act, row + j);
      }
    }
  }

  /**
   * Cell update of B rows from activated gates at {@code g}: c_t = f c_{t-1} + i g and h_t = o
   * tanh(c_t). c_{t-1} and h_{t-1} start at {@code prev} of {@code c} and {@code h}, c_t and h_t at
   * {@code prev + stride}, tanh(c_t) at {@code prev} of {@code tanhC}.
   */
  private void update(
      float[] act, int g, float[] c, float[] h, float[] tanhC, int prev, int stride, int batch) {
    for (int r = 0; r < batch; r++) {
      int row = g + r * gates;
      int at = prev + r * hidden;
      for (int j = 0; j < hidden; j += L) {
        FloatVector i = FloatVector.fromArray(S, act, row + j);
        FloatVector f = FloatVector.fromArray(S, act, row + hidden + j);
        FloatVector cand = FloatVector.fromArray(S, act, row + 2 * hidden + j);
        FloatVector o = FloatVector.fromArray(S, act, row + 3 * hidden + j);
        FloatVector cNext = f.fma(FloatVector.fromArray(S, c, at + j), i.mul(cand));
        FloatVector tc =
            FloatVector.broadcast(S, 1f)
                .sub(FloatVector.broadcast(S, 2f).div(VectorMath.exp(cNext.add(cNext)).add(1f)));
        cNext.intoArray(c, at + stride + j);
        tc.intoArray(tanhC, at + j);
        o.mul(tc).intoArray(h, at + stride + j);
      }
    }
  }

  /**
   * Mean cross-entropy of one model on one batch and its gradient.
   *
   * @param w flat weights [P] in the official order
   * @param x inputs [T, B, X], time-major
   * @param targets target classes [T, B]
   * @param gradient receives d loss / d w [P] (overwritten)
   * @return the mean over the T B positions of -log softmax(z)[target]
   */
  double lossAndGradient(
      float[] w, float[] x, int[] targets, int steps, int batch, float[] gradient) {
    forward(w, x, steps, batch);
    int rows = steps * batch;
    int stride = batch * hidden;
    Arrays.fill(gradient, 0f);
    double loss = 0;
    float scale = 1f / rows;
    for (int n = 0; n < rows; n++) {
      int z = n * padded;
      float max = Float.NEGATIVE_INFINITY;
      for (int y = 0; y < outputs; y++) {
        max = Math.max(max, logits[z + y]);
      }
      FloatVector shift = FloatVector.broadcast(S, max);
      for (int y = 0; y < padded; y += L) {
        VectorMath.exp(FloatVector.fromArray(S, logits, z + y).sub(shift)).intoArray(logits, z + y);
      }
      float sum = 0;
      for (int y = 0; y < outputs; y++) {
        sum += logits[z + y];
      }
      int target = targets[n];
      loss += Math.log(sum) - Math.log(logits[z + target]);
      float inv = scale / sum;
      for (int y = 0; y < outputs; y++) {
        logits[z + y] *= inv;
      }
      Arrays.fill(logits, z + outputs, z + padded, 0f);
      logits[z + target] -= scale;
    }
    // logits now hold dL/dz [T B, padded], zero beyond Y
    int top = layers - 1;
    Arrays.fill(linearGradient, 0f);
    multiplyTransposedA(logits, 0, padded, states[top], stride, hidden, linearGradient, rows);
    for (int i = 0; i < outputs * hidden; i++) {
      gradient[linearOffset + i] = linearGradient[i];
    }
    columnSums(logits, rows, padded, outputs, gradient, linearBiasOffset);
    Arrays.fill(stateGradient, 0, rows * hidden, 0f);
    multiply(logits, 0, linear, stateGradient, 0, rows, padded, hidden);
    for (int l = top; l >= 0; l--) {
      backwardLayer(w, l, l == 0 ? x : states[l - 1], l == 0 ? 0 : stride, steps, batch, gradient);
    }
    return loss / rows;
  }

  /** Back-propagates {@link #stateGradient} (dL/dh of layer l's outputs) through layer l. */
  private void backwardLayer(
      float[] w, int l, float[] input, int inputStart, int steps, int batch, float[] gradient) {
    int in = spec.layerInputSize(l);
    int rows = steps * batch;
    int stride = batch * hidden;
    float[] act = activations[l];
    Arrays.fill(carryH, 0, stride, 0f);
    Arrays.fill(carryC, 0, stride, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      int row = t * batch;
      for (int b = 0; b < batch; b++) {
        int n = row + b;
        cellBackward(act, n * gates, cells[l], tanhCells[l], n * hidden, b * hidden);
      }
      if (t > 0) {
        Arrays.fill(carryH, 0, stride, 0f);
        multiply(act, row * gates, w, recurrentOffset[l], carryH, 0, batch, gates, hidden);
      }
    }
    // act now holds dG [T B, 4H]
    Arrays.fill(transposedGradient, 0f);
    multiplyTransposedA(input, inputStart, in, act, 0, gates, transposedGradient, rows);
    addTransposed(transposedGradient, in, gates, gradient, inputOffset[l]);
    Arrays.fill(transposedGradient, 0f);
    multiplyTransposedA(states[l], 0, hidden, act, 0, gates, transposedGradient, rows);
    addTransposed(transposedGradient, hidden, gates, gradient, recurrentOffset[l]);
    columnSums(act, rows, gates, gates, gradient, inputBiasOffset[l]);
    System.arraycopy(gradient, inputBiasOffset[l], gradient, recurrentBiasOffset[l], gates);
    if (l > 0) {
      Arrays.fill(stateGradient, 0, rows * hidden, 0f);
      multiply(act, 0, w, inputOffset[l], stateGradient, 0, rows, gates, hidden);
    }
  }

  /**
   * Turns the activated gates of row {@code g} into their gradients, from dh = dH (at {@code s} of
   * {@link #stateGradient}) + carried dh and the carried dc (at {@code carry}); updates the carried
   * dc.
   */
  private void cellBackward(float[] act, int g, float[] c, float[] tc, int s, int carry) {
    for (int j = 0; j < hidden; j += L) {
      FloatVector i = FloatVector.fromArray(S, act, g + j);
      FloatVector f = FloatVector.fromArray(S, act, g + hidden + j);
      FloatVector cand = FloatVector.fromArray(S, act, g + 2 * hidden + j);
      FloatVector o = FloatVector.fromArray(S, act, g + 3 * hidden + j);
      FloatVector tanhC = FloatVector.fromArray(S, tc, s + j);
      FloatVector dh =
          FloatVector.fromArray(S, stateGradient, s + j)
              .add(FloatVector.fromArray(S, carryH, carry + j));
      FloatVector dc =
          dh.mul(o)
              .mul(tanhC.mul(tanhC).neg().add(1f))
              .add(FloatVector.fromArray(S, carryC, carry + j));
      dc.mul(cand).mul(i).mul(i.neg().add(1f)).intoArray(act, g + j);
      dc.mul(FloatVector.fromArray(S, c, s + j))
          .mul(f)
          .mul(f.neg().add(1f))
          .intoArray(act, g + hidden + j);
      dc.mul(i).mul(cand.mul(cand).neg().add(1f)).intoArray(act, g + 2 * hidden + j);
      dh.mul(tanhC).mul(o).mul(o.neg().add(1f)).intoArray(act, g + 3 * hidden + j);
      dc.mul(f).intoArray(carryC, carry + j);
    }
  }

  /** As {@link #multiply(float[], int, float[], int, float[], int, int, int, int)} with B at 0. */
  private static void multiply(
      float[] a, int aStart, float[] b, float[] c, int cStart, int m, int k, int n) {
    multiply(a, aStart, b, 0, c, cStart, m, k, n);
  }

  /**
   * C[m, n] += A[m, k] B[k, n], row-major from the given offsets; n a multiple of the vector
   * length. Blocks of 4 rows of A share each loaded vector of B (of 6 or 8 rows with {@link
   * #WIDE_TILES}).
   */
  static void multiply(
      float[] a, int aStart, float[] b, int bStart, float[] c, int cStart, int m, int k, int n) {
    if (WIDE_TILES) {
      wideTiles(a, aStart, k, 1, b, bStart, c, cStart, m, k, n);
    } else {
      narrowMultiply(a, aStart, b, bStart, c, cStart, m, k, n);
    }
  }

  /**
   * {@link #multiply} in tiles of 4 rows by 2 vectors (11 vector registers, for AVX2's 16); tests
   * call it on any CPU.
   */
  static void narrowMultiply(
      float[] a, int aStart, float[] b, int bStart, float[] c, int cStart, int m, int k, int n) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      multiplyFourRows(a, aStart + i * k, b, bStart, c, cStart + i * n, k, n);
    }
    for (; i < m; i++) {
      rowVectors(a, aStart + i * k, 1, b, bStart, c, cStart + i * n, k, n, n / L);
    }
  }

  /** Rows a0 .. a0 + 3 of {@link #multiply}, accumulating in registers. */
  private static void multiplyFourRows(
      float[] a, int a0, float[] b, int bStart, float[] c, int c0, int k, int n) {
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      FloatVector acc0 = FloatVector.fromArray(S, c, c0 + j);
      FloatVector acc1 = FloatVector.fromArray(S, c, c0 + n + j);
      FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * n + j);
      FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * n + j);
      FloatVector acc4 = FloatVector.fromArray(S, c, c0 + j + L);
      FloatVector acc5 = FloatVector.fromArray(S, c, c0 + n + j + L);
      FloatVector acc6 = FloatVector.fromArray(S, c, c0 + 2 * n + j + L);
      FloatVector acc7 = FloatVector.fromArray(S, c, c0 + 3 * n + j + L);
      for (int p = 0; p < k; p++) {
        FloatVector bv = FloatVector.fromArray(S, b, bStart + p * n + j);
        FloatVector bw = FloatVector.fromArray(S, b, bStart + p * n + j + L);
        FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
        FloatVector x1 = FloatVector.broadcast(S, a[a0 + k + p]);
        FloatVector x2 = FloatVector.broadcast(S, a[a0 + 2 * k + p]);
        FloatVector x3 = FloatVector.broadcast(S, a[a0 + 3 * k + p]);
        acc0 = bv.fma(x0, acc0);
        acc1 = bv.fma(x1, acc1);
        acc2 = bv.fma(x2, acc2);
        acc3 = bv.fma(x3, acc3);
        acc4 = bw.fma(x0, acc4);
        acc5 = bw.fma(x1, acc5);
        acc6 = bw.fma(x2, acc6);
        acc7 = bw.fma(x3, acc7);
      }
      acc0.intoArray(c, c0 + j);
      acc1.intoArray(c, c0 + n + j);
      acc2.intoArray(c, c0 + 2 * n + j);
      acc3.intoArray(c, c0 + 3 * n + j);
      acc4.intoArray(c, c0 + j + L);
      acc5.intoArray(c, c0 + n + j + L);
      acc6.intoArray(c, c0 + 2 * n + j + L);
      acc7.intoArray(c, c0 + 3 * n + j + L);
    }
    for (; j < n; j += L) {
      fourRowsOneVector(a, a0, k, 1, b, bStart + j, c, c0 + j, k, n);
    }
  }

  /**
   * Four rows of C, from {@code c0}, += A B against one vector of B's columns from {@code b0}: 4
   * FMA chains. A[r][p] is {@code a[a0 + r aRowStride + p aColStride]}, as in {@link
   * #fourRowsFourVectors}.
   */
  private static void fourRowsOneVector(
      float[] a,
      int a0,
      int aRowStride,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int k,
      int n) {
    FloatVector acc0 = FloatVector.fromArray(S, c, c0);
    FloatVector acc1 = FloatVector.fromArray(S, c, c0 + n);
    FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * n);
    FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * n);
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(S, b, b0 + p * n);
      int ap = a0 + p * aColStride;
      acc0 = bv.fma(FloatVector.broadcast(S, a[ap]), acc0);
      acc1 = bv.fma(FloatVector.broadcast(S, a[ap + aRowStride]), acc1);
      acc2 = bv.fma(FloatVector.broadcast(S, a[ap + 2 * aRowStride]), acc2);
      acc3 = bv.fma(FloatVector.broadcast(S, a[ap + 3 * aRowStride]), acc3);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + n);
    acc2.intoArray(c, c0 + 2 * n);
    acc3.intoArray(c, c0 + 3 * n);
  }

  /**
   * C[m, n] += A B with A[i][p] = {@code a[a0 + i aRowStride + p aColStride]} and C from {@code c0}
   * (row stride n), in the tiles of {@link #WIDE_TILES}: blocks of four vectors of columns take
   * tiles of six rows ({@link #sixRowTiles} of them), then four; blocks of two vectors take tiles
   * of eight rows; a last single vector takes tiles of four rows; the rows left go one by one.
   * Tests call it on any CPU (with 16 vector registers C2 spills the tiles, slow but correct).
   */
  static void wideTiles(
      float[] a,
      int a0,
      int aRowStride,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int m,
      int k,
      int n) {
    int sixRows = 6 * sixRowTiles(m);
    int j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      int i = 0;
      for (; i < sixRows; i += 6) {
        sixRowsFourVectors(
            a, a0 + i * aRowStride, aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i + 4 <= m; i += 4) {
        fourRowsFourVectors(
            a, a0 + i * aRowStride, aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i < m; i++) {
        rowVectors(a, a0 + i * aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n, 4);
      }
    }
    for (; j + 2 * L <= n; j += 2 * L) {
      int i = 0;
      for (; i + 8 <= m; i += 8) {
        eightRowsTwoVectors(
            a, a0 + i * aRowStride, aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i < m; i++) {
        rowVectors(a, a0 + i * aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n, 2);
      }
    }
    for (; j < n; j += L) {
      int i = 0;
      for (; i + 4 <= m; i += 4) {
        fourRowsOneVector(
            a, a0 + i * aRowStride, aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n);
      }
      for (; i < m; i++) {
        rowVectors(a, a0 + i * aRowStride, aColStride, b, b0 + j, c, c0 + i * n + j, k, n, 1);
      }
    }
  }

  /**
   * Tiles of six rows for m rows: as many as leave a multiple of four rows for the tiles of four (m
   * = 32: four, then two of four), or m / 6 where none does.
   */
  static int sixRowTiles(int m) {
    for (int t = m / 6; t >= 0; t--) {
      if ((m - 6 * t) % 4 == 0) {
        return t;
      }
    }
    return m / 6;
  }

  /**
   * One row of C, {@code vectors} vectors from {@code c0}, += A B with A's row at {@code a0}
   * (column stride aColStride), one vector of columns at a time.
   */
  private static void rowVectors(
      float[] a,
      int a0,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int k,
      int n,
      int vectors) {
    for (int v = 0; v < vectors * L; v += L) {
      FloatVector acc = FloatVector.fromArray(S, c, c0 + v);
      for (int p = 0; p < k; p++) {
        acc =
            FloatVector.fromArray(S, b, b0 + p * n + v)
                .fma(FloatVector.broadcast(S, a[a0 + p * aColStride]), acc);
      }
      acc.intoArray(c, c0 + v);
    }
  }

  /**
   * Six rows of C, from {@code c0}, += A B against four vectors of B's columns from {@code b0}, in
   * registers: 24 accumulators, 4 vectors of B and a broadcast, 29 of AVX-512's 32 registers. Each
   * step over k loads 4 vectors and 6 scalars for 24 FMAs, where the 4 x 4 tile loads 4 and 4 for
   * 16. A[r][p] is {@code a[a0 + r aRowStride + p aColStride]}, as in {@link #fourRowsFourVectors}.
   */
  private static void sixRowsFourVectors(
      float[] a,
      int a0,
      int aRowStride,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int k,
      int n) {
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    int c4 = c3 + n;
    int c5 = c4 + n;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * L);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * L);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * L);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * L);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * L);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * L);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * L);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * L);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + L);
    FloatVector acc42 = FloatVector.fromArray(S, c, c4 + 2 * L);
    FloatVector acc43 = FloatVector.fromArray(S, c, c4 + 3 * L);
    FloatVector acc50 = FloatVector.fromArray(S, c, c5);
    FloatVector acc51 = FloatVector.fromArray(S, c, c5 + L);
    FloatVector acc52 = FloatVector.fromArray(S, c, c5 + 2 * L);
    FloatVector acc53 = FloatVector.fromArray(S, c, c5 + 3 * L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * n;
      FloatVector bv0 = FloatVector.fromArray(S, b, bp);
      FloatVector bv1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector bv2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector bv3 = FloatVector.fromArray(S, b, bp + 3 * L);
      int ap = a0 + p * aColStride;
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      acc00 = bv0.fma(x, acc00);
      acc01 = bv1.fma(x, acc01);
      acc02 = bv2.fma(x, acc02);
      acc03 = bv3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[ap + aRowStride]);
      acc10 = bv0.fma(x, acc10);
      acc11 = bv1.fma(x, acc11);
      acc12 = bv2.fma(x, acc12);
      acc13 = bv3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[ap + 2 * aRowStride]);
      acc20 = bv0.fma(x, acc20);
      acc21 = bv1.fma(x, acc21);
      acc22 = bv2.fma(x, acc22);
      acc23 = bv3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[ap + 3 * aRowStride]);
      acc30 = bv0.fma(x, acc30);
      acc31 = bv1.fma(x, acc31);
      acc32 = bv2.fma(x, acc32);
      acc33 = bv3.fma(x, acc33);
      x = FloatVector.broadcast(S, a[ap + 4 * aRowStride]);
      acc40 = bv0.fma(x, acc40);
      acc41 = bv1.fma(x, acc41);
      acc42 = bv2.fma(x, acc42);
      acc43 = bv3.fma(x, acc43);
      x = FloatVector.broadcast(S, a[ap + 5 * aRowStride]);
      acc50 = bv0.fma(x, acc50);
      acc51 = bv1.fma(x, acc51);
      acc52 = bv2.fma(x, acc52);
      acc53 = bv3.fma(x, acc53);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + L);
    acc02.intoArray(c, c0 + 2 * L);
    acc03.intoArray(c, c0 + 3 * L);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + L);
    acc12.intoArray(c, c1 + 2 * L);
    acc13.intoArray(c, c1 + 3 * L);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + L);
    acc22.intoArray(c, c2 + 2 * L);
    acc23.intoArray(c, c2 + 3 * L);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + L);
    acc32.intoArray(c, c3 + 2 * L);
    acc33.intoArray(c, c3 + 3 * L);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + L);
    acc42.intoArray(c, c4 + 2 * L);
    acc43.intoArray(c, c4 + 3 * L);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + L);
    acc52.intoArray(c, c5 + 2 * L);
    acc53.intoArray(c, c5 + 3 * L);
  }

  /**
   * Eight rows of C, from {@code c0}, += A B against two vectors of B's columns from {@code b0}, in
   * registers: 16 accumulators, 2 vectors of B and a broadcast. Each step over k loads 2 vectors
   * and 8 scalars for 16 FMAs, where the 4 x 2 tile loads 2 and 4 for 8. A[r][p] is {@code a[a0 + r
   * aRowStride + p aColStride]}, as in {@link #fourRowsFourVectors}.
   */
  private static void eightRowsTwoVectors(
      float[] a,
      int a0,
      int aRowStride,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int k,
      int n) {
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    int c4 = c3 + n;
    int c5 = c4 + n;
    int c6 = c5 + n;
    int c7 = c6 + n;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector acc40 = FloatVector.fromArray(S, c, c4);
    FloatVector acc41 = FloatVector.fromArray(S, c, c4 + L);
    FloatVector acc50 = FloatVector.fromArray(S, c, c5);
    FloatVector acc51 = FloatVector.fromArray(S, c, c5 + L);
    FloatVector acc60 = FloatVector.fromArray(S, c, c6);
    FloatVector acc61 = FloatVector.fromArray(S, c, c6 + L);
    FloatVector acc70 = FloatVector.fromArray(S, c, c7);
    FloatVector acc71 = FloatVector.fromArray(S, c, c7 + L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * n;
      FloatVector bv0 = FloatVector.fromArray(S, b, bp);
      FloatVector bv1 = FloatVector.fromArray(S, b, bp + L);
      int ap = a0 + p * aColStride;
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      acc00 = bv0.fma(x, acc00);
      acc01 = bv1.fma(x, acc01);
      x = FloatVector.broadcast(S, a[ap + aRowStride]);
      acc10 = bv0.fma(x, acc10);
      acc11 = bv1.fma(x, acc11);
      x = FloatVector.broadcast(S, a[ap + 2 * aRowStride]);
      acc20 = bv0.fma(x, acc20);
      acc21 = bv1.fma(x, acc21);
      x = FloatVector.broadcast(S, a[ap + 3 * aRowStride]);
      acc30 = bv0.fma(x, acc30);
      acc31 = bv1.fma(x, acc31);
      x = FloatVector.broadcast(S, a[ap + 4 * aRowStride]);
      acc40 = bv0.fma(x, acc40);
      acc41 = bv1.fma(x, acc41);
      x = FloatVector.broadcast(S, a[ap + 5 * aRowStride]);
      acc50 = bv0.fma(x, acc50);
      acc51 = bv1.fma(x, acc51);
      x = FloatVector.broadcast(S, a[ap + 6 * aRowStride]);
      acc60 = bv0.fma(x, acc60);
      acc61 = bv1.fma(x, acc61);
      x = FloatVector.broadcast(S, a[ap + 7 * aRowStride]);
      acc70 = bv0.fma(x, acc70);
      acc71 = bv1.fma(x, acc71);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + L);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + L);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + L);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + L);
    acc40.intoArray(c, c4);
    acc41.intoArray(c, c4 + L);
    acc50.intoArray(c, c5);
    acc51.intoArray(c, c5 + L);
    acc60.intoArray(c, c6);
    acc61.intoArray(c, c6 + L);
    acc70.intoArray(c, c7);
    acc71.intoArray(c, c7 + L);
  }

  /**
   * Four rows of C, from {@code c0}, += A B against four vectors of B's columns from {@code b0}, in
   * registers (a tile of {@link #WIDE_TILES} for the rows that six-row tiles leave): A[r][p] is
   * {@code a[a0 + r aRowStride + p aColStride]}, so {@link #multiply} passes (k, 1) and {@link
   * #multiplyTransposedA} (1, m).
   */
  private static void fourRowsFourVectors(
      float[] a,
      int a0,
      int aRowStride,
      int aColStride,
      float[] b,
      int b0,
      float[] c,
      int c0,
      int k,
      int n) {
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    FloatVector acc00 = FloatVector.fromArray(S, c, c0);
    FloatVector acc01 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc02 = FloatVector.fromArray(S, c, c0 + 2 * L);
    FloatVector acc03 = FloatVector.fromArray(S, c, c0 + 3 * L);
    FloatVector acc10 = FloatVector.fromArray(S, c, c1);
    FloatVector acc11 = FloatVector.fromArray(S, c, c1 + L);
    FloatVector acc12 = FloatVector.fromArray(S, c, c1 + 2 * L);
    FloatVector acc13 = FloatVector.fromArray(S, c, c1 + 3 * L);
    FloatVector acc20 = FloatVector.fromArray(S, c, c2);
    FloatVector acc21 = FloatVector.fromArray(S, c, c2 + L);
    FloatVector acc22 = FloatVector.fromArray(S, c, c2 + 2 * L);
    FloatVector acc23 = FloatVector.fromArray(S, c, c2 + 3 * L);
    FloatVector acc30 = FloatVector.fromArray(S, c, c3);
    FloatVector acc31 = FloatVector.fromArray(S, c, c3 + L);
    FloatVector acc32 = FloatVector.fromArray(S, c, c3 + 2 * L);
    FloatVector acc33 = FloatVector.fromArray(S, c, c3 + 3 * L);
    for (int p = 0; p < k; p++) {
      int bp = b0 + p * n;
      FloatVector bv0 = FloatVector.fromArray(S, b, bp);
      FloatVector bv1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector bv2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector bv3 = FloatVector.fromArray(S, b, bp + 3 * L);
      int ap = a0 + p * aColStride;
      FloatVector x = FloatVector.broadcast(S, a[ap]);
      acc00 = bv0.fma(x, acc00);
      acc01 = bv1.fma(x, acc01);
      acc02 = bv2.fma(x, acc02);
      acc03 = bv3.fma(x, acc03);
      x = FloatVector.broadcast(S, a[ap + aRowStride]);
      acc10 = bv0.fma(x, acc10);
      acc11 = bv1.fma(x, acc11);
      acc12 = bv2.fma(x, acc12);
      acc13 = bv3.fma(x, acc13);
      x = FloatVector.broadcast(S, a[ap + 2 * aRowStride]);
      acc20 = bv0.fma(x, acc20);
      acc21 = bv1.fma(x, acc21);
      acc22 = bv2.fma(x, acc22);
      acc23 = bv3.fma(x, acc23);
      x = FloatVector.broadcast(S, a[ap + 3 * aRowStride]);
      acc30 = bv0.fma(x, acc30);
      acc31 = bv1.fma(x, acc31);
      acc32 = bv2.fma(x, acc32);
      acc33 = bv3.fma(x, acc33);
    }
    acc00.intoArray(c, c0);
    acc01.intoArray(c, c0 + L);
    acc02.intoArray(c, c0 + 2 * L);
    acc03.intoArray(c, c0 + 3 * L);
    acc10.intoArray(c, c1);
    acc11.intoArray(c, c1 + L);
    acc12.intoArray(c, c1 + 2 * L);
    acc13.intoArray(c, c1 + 3 * L);
    acc20.intoArray(c, c2);
    acc21.intoArray(c, c2 + L);
    acc22.intoArray(c, c2 + 2 * L);
    acc23.intoArray(c, c2 + 3 * L);
    acc30.intoArray(c, c3);
    acc31.intoArray(c, c3 + L);
    acc32.intoArray(c, c3 + 2 * L);
    acc33.intoArray(c, c3 + 3 * L);
  }

  /**
   * C[m, n] += A[k, m]^T B[k, n] with C from 0, row-major; n a multiple of the vector length. A
   * tile of 4 rows and 2 vectors of C ({@link #wideTiles} with {@link #WIDE_TILES}) stays in
   * registers for the whole sum over k, so C is loaded and stored once.
   */
  static void multiplyTransposedA(
      float[] a, int aStart, int m, float[] b, int bStart, int n, float[] c, int k) {
    if (WIDE_TILES) {
      wideTiles(a, aStart, 1, m, b, bStart, c, 0, m, k, n);
    } else {
      narrowTransposedA(a, aStart, m, b, bStart, n, c, k);
    }
  }

  /**
   * {@link #multiplyTransposedA} in tiles of 4 rows by 2 vectors (AVX2); tests call it on any CPU.
   */
  static void narrowTransposedA(
      float[] a, int aStart, int m, float[] b, int bStart, int n, float[] c, int k) {
    int j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      int i = 0;
      for (; i + 4 <= m; i += 4) {
        transposedTile(a, aStart + i, m, b, bStart + j, n, c, i * n + j, k);
      }
      for (; i < m; i++) {
        transposedRowTwoVectors(a, aStart, m, b, bStart, n, c, i, j, k);
      }
    }
    for (; j < n; j += L) {
      for (int i = 0; i < m; i++) {
        rowVectors(a, aStart + i, m, b, bStart + j, c, i * n + j, k, n, 1);
      }
    }
  }

  /** Row i of {@link #multiplyTransposedA} against the two vectors of columns from j. */
  private static void transposedRowTwoVectors(
      float[] a, int aStart, int m, float[] b, int bStart, int n, float[] c, int i, int j, int k) {
    int ci = i * n + j;
    FloatVector acc0 = FloatVector.fromArray(S, c, ci);
    FloatVector acc1 = FloatVector.fromArray(S, c, ci + L);
    for (int p = 0; p < k; p++) {
      FloatVector av = FloatVector.broadcast(S, a[aStart + p * m + i]);
      int bp = bStart + p * n + j;
      acc0 = FloatVector.fromArray(S, b, bp).fma(av, acc0);
      acc1 = FloatVector.fromArray(S, b, bp + L).fma(av, acc1);
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + L);
  }

  /**
   * The 4 x 2-vector tile of {@link #multiplyTransposedA} at C[c0 ..]: columns a0 .. a0 + 3 of A
   * (row stride m) against 2 vectors of B from b0 (row stride n).
   */
  private static void transposedTile(
      float[] a, int a0, int m, float[] b, int b0, int n, float[] c, int c0, int k) {
    FloatVector acc0 = FloatVector.fromArray(S, c, c0);
    FloatVector acc1 = FloatVector.fromArray(S, c, c0 + n);
    FloatVector acc2 = FloatVector.fromArray(S, c, c0 + 2 * n);
    FloatVector acc3 = FloatVector.fromArray(S, c, c0 + 3 * n);
    FloatVector acc4 = FloatVector.fromArray(S, c, c0 + L);
    FloatVector acc5 = FloatVector.fromArray(S, c, c0 + n + L);
    FloatVector acc6 = FloatVector.fromArray(S, c, c0 + 2 * n + L);
    FloatVector acc7 = FloatVector.fromArray(S, c, c0 + 3 * n + L);
    for (int p = 0; p < k; p++) {
      int ap = a0 + p * m;
      int bp = b0 + p * n;
      FloatVector bv = FloatVector.fromArray(S, b, bp);
      FloatVector bw = FloatVector.fromArray(S, b, bp + L);
      FloatVector x0 = FloatVector.broadcast(S, a[ap]);
      FloatVector x1 = FloatVector.broadcast(S, a[ap + 1]);
      FloatVector x2 = FloatVector.broadcast(S, a[ap + 2]);
      FloatVector x3 = FloatVector.broadcast(S, a[ap + 3]);
      acc0 = bv.fma(x0, acc0);
      acc1 = bv.fma(x1, acc1);
      acc2 = bv.fma(x2, acc2);
      acc3 = bv.fma(x3, acc3);
      acc4 = bw.fma(x0, acc4);
      acc5 = bw.fma(x1, acc5);
      acc6 = bw.fma(x2, acc6);
      acc7 = bw.fma(x3, acc7);
    }
    acc0.intoArray(c, c0);
    acc1.intoArray(c, c0 + n);
    acc2.intoArray(c, c0 + 2 * n);
    acc3.intoArray(c, c0 + 3 * n);
    acc4.intoArray(c, c0 + L);
    acc5.intoArray(c, c0 + n + L);
    acc6.intoArray(c, c0 + 2 * n + L);
    acc7.intoArray(c, c0 + 3 * n + L);
  }

  /**
   * out[start + j] += sum over rows of a[n, j] for j < cols, a [rows, stride]; each column summed
   * in row order, two vectors of columns at a time, the rest one by one.
   */
  private static void columnSums(
      float[] a, int rows, int stride, int cols, float[] out, int start) {
    int j = 0;
    for (; j + 2 * L <= cols; j += 2 * L) {
      FloatVector sum0 = FloatVector.fromArray(S, out, start + j);
      FloatVector sum1 = FloatVector.fromArray(S, out, start + j + L);
      for (int n = 0; n < rows; n++) {
        sum0 = sum0.add(FloatVector.fromArray(S, a, n * stride + j));
        sum1 = sum1.add(FloatVector.fromArray(S, a, n * stride + j + L));
      }
      sum0.intoArray(out, start + j);
      sum1.intoArray(out, start + j + L);
    }
    for (; j < cols; j++) {
      float sum = out[start + j];
      for (int n = 0; n < rows; n++) {
        sum += a[n * stride + j];
      }
      out[start + j] = sum;
    }
  }

  /** out [cols, stride] = the transpose of w[start ..] read as [rows, cols] (columns < rows). */
  private static void transpose(float[] w, int start, int rows, int cols, float[] out, int stride) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * stride + i] = w[start + i * cols + j];
      }
    }
  }

  /** dst[start ..] read as [cols, rows] += the transpose of src [rows, cols]. */
  private static void addTransposed(float[] src, int rows, int cols, float[] dst, int start) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        dst[start + j * rows + i] += src[i * cols + j];
      }
    }
  }
}
