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

  private final TiledProducts products = new TiledProducts();

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

  /** A block of L rows' logits, column-major [Y, L], for {@link #softmaxGradient}. */
  private final float[] columns;

  /** Per lane of a block: the row's target class, sum of exponentials and z_target - max. */
  private final float[] targetLanes = new float[L];

  private final float[] laneSums = new float[L];
  private final float[] laneShifts = new float[L];

  /** b_lin then zeros [padded]: a row of the read-out before the product. */
  private final float[] linearBiasRow;

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
    columns = new float[outputs * L];
    linearBiasRow = new float[padded];
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
      products.multiply(input, l == 0 ? 0 : stride, inputT[l], 0, act, 0, rows, in, gates);
      float[] c = cells[l];
      float[] h = states[l];
      Arrays.fill(c, 0, stride, 0f);
      Arrays.fill(h, 0, stride, 0f);
      for (int t = 0; t < steps; t++) {
        int row = t * batch;
        products.multiply(
            h, row * hidden, recurrentT[l], 0, act, row * gates, batch, hidden, gates);
        activate(act, row * gates, batch);
        update(act, row * gates, c, h, tanhCells[l], row * hidden, stride, batch);
      }
    }
    readOut(states[layers - 1], stride, logits, rows);
  }

  /** Transposed copies of {@code w}'s matrices for the products. */
  private void prepare(float[] w) {
    for (int l = 0; l < layers; l++) {
      products.transpose(
          w, inputOffset[l], gates, spec.layerInputSize(l), inputT[l], 0, gates, false);
      products.transpose(w, recurrentOffset[l], gates, hidden, recurrentT[l], 0, gates, false);
    }
    products.transpose(w, linearOffset, outputs, hidden, linearT, 0, padded, false);
    System.arraycopy(w, linearOffset, linear, 0, outputs * hidden);
    System.arraycopy(w, linearBiasOffset, linearBiasRow, 0, outputs);
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
  private void readOut(float[] h, int start, float[] out, int rows) {
    for (int n = 0; n < rows; n++) {
      for (int y = 0; y < padded; y += L) {
        FloatVector.fromArray(S, linearBiasRow, y).intoArray(out, n * padded + y);
      }
    }
    products.multiply(h, start, linearT, 0, out, 0, rows, hidden, padded);
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
        products.multiply(input, 0, inputT[l], 0, act, 0, batch, spec.layerInputSize(l), gates);
        products.multiply(h[l], 0, recurrentT[l], 0, act, 0, batch, hidden, gates);
        activate(act, 0, batch);
        update(act, 0, c[l], h[l], tanhC, 0, stride, batch);
        System.arraycopy(c[l], stride, c[l], 0, stride);
        System.arraycopy(h[l], stride, h[l], 0, stride);
        input = h[l];
      }
      readOut(h[layers - 1], 0, out, batch);
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
    double loss = softmaxGradient(targets, rows);
    // logits now hold dL/dz [T B, padded], zero beyond Y
    int top = layers - 1;
    Arrays.fill(linearGradient, 0f);
    products.multiplyTransposedA(
        logits, 0, padded, states[top], stride, hidden, linearGradient, rows);
    for (int i = 0; i < outputs * hidden; i++) {
      gradient[linearOffset + i] = linearGradient[i];
    }
    columnSums(logits, rows, padded, outputs, gradient, linearBiasOffset);
    Arrays.fill(stateGradient, 0, rows * hidden, 0f);
    products.multiply(logits, 0, linear, 0, stateGradient, 0, rows, padded, hidden);
    for (int l = top; l >= 0; l--) {
      backwardLayer(w, l, l == 0 ? x : states[l - 1], l == 0 ? 0 : stride, steps, batch, gradient);
    }
    return loss / rows;
  }

  /**
   * Turns the logits [rows, padded] into dL/dz = (softmax(z) - onehot(target)) / rows, zero beyond
   * Y, and returns the summed cross-entropy sum_n (log sum_y e^{z_ny - m_n} - (z_n,target - m_n))
   * with m_n = max_y z_ny.
   *
   * <p>Blocks of L rows run with one row per lane: a block's Y columns are copied into {@link
   * #columns} [Y, L], so each softmax step is one vector operation for L rows, where a row at a
   * time spends a whole vector on its Y (6 or 10) logits and its sums and logarithms run scalar.
   * The rows left over take {@link #softmaxRow}. The block path leaves a row's padding columns as
   * the read-out left them: +0 for finite states (0 + h * 0), as the row path sets them. Both paths
   * give the same gradient bits: the exponentials are the same function lane by lane, and each
   * row's sum runs over y in order from 0. The loss, which only the progress line reports, takes
   * one logarithm per block: log prod_n s_n, the product of L sums in [1, Y] staying far below the
   * double range.
   */
  private double softmaxGradient(int[] targets, int rows) {
    float scale = 1f / rows;
    double loss = 0;
    int whole = rows / L * L;
    for (int n0 = 0; n0 < whole; n0 += L) {
      for (int y = 0; y < outputs; y++) {
        for (int lane = 0; lane < L; lane++) {
          columns[y * L + lane] = logits[(n0 + lane) * padded + y];
        }
      }
      for (int lane = 0; lane < L; lane++) {
        targetLanes[lane] = targets[n0 + lane];
      }
      FloatVector target = FloatVector.fromArray(S, targetLanes, 0);
      FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (int y = 0; y < outputs; y++) {
        max = max.max(FloatVector.fromArray(S, columns, y * L));
      }
      FloatVector sum = FloatVector.zero(S);
      FloatVector targetLogit = FloatVector.zero(S);
      for (int y = 0; y < outputs; y++) {
        FloatVector z = FloatVector.fromArray(S, columns, y * L);
        FloatVector e = VectorMath.exp(z.sub(max));
        e.intoArray(columns, y * L);
        sum = sum.add(e);
        targetLogit = targetLogit.blend(z, target.eq(y));
      }
      FloatVector inv = FloatVector.broadcast(S, scale).div(sum);
      for (int y = 0; y < outputs; y++) {
        FloatVector g = FloatVector.fromArray(S, columns, y * L).mul(inv);
        g.blend(g.sub(scale), target.eq(y)).intoArray(columns, y * L);
      }
      for (int lane = 0; lane < L; lane++) {
        for (int y = 0; y < outputs; y++) {
          logits[(n0 + lane) * padded + y] = columns[y * L + lane];
        }
      }
      sum.intoArray(laneSums, 0);
      targetLogit.sub(max).intoArray(laneShifts, 0);
      double product = 1;
      for (int lane = 0; lane < L; lane++) {
        product *= laneSums[lane];
        loss -= laneShifts[lane];
      }
      loss += Math.log(product);
    }
    for (int n = whole; n < rows; n++) {
      loss += softmaxRow(n * padded, targets[n], scale);
    }
    return loss;
  }

  /**
   * One row of {@link #softmaxGradient} from {@code z}: dL/dz in place (its padding set to zero)
   * and the row's cross-entropy.
   */
  private double softmaxRow(int z, int target, float scale) {
    float max = Float.NEGATIVE_INFINITY;
    for (int y = 0; y < outputs; y++) {
      max = Math.max(max, logits[z + y]);
    }
    float targetShift = logits[z + target] - max;
    FloatVector shift = FloatVector.broadcast(S, max);
    for (int y = 0; y < padded; y += L) {
      VectorMath.exp(FloatVector.fromArray(S, logits, z + y).sub(shift)).intoArray(logits, z + y);
    }
    float sum = 0;
    for (int y = 0; y < outputs; y++) {
      sum += logits[z + y];
    }
    float inv = scale / sum;
    for (int y = 0; y < outputs; y++) {
      logits[z + y] *= inv;
    }
    Arrays.fill(logits, z + outputs, z + padded, 0f);
    logits[z + target] -= scale;
    return Math.log(sum) - targetShift;
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
      cellBackward(act, row, batch, cells[l], tanhCells[l]);
      if (t > 0) {
        Arrays.fill(carryH, 0, stride, 0f);
        products.multiply(act, row * gates, w, recurrentOffset[l], carryH, 0, batch, gates, hidden);
      }
    }
    // act now holds dG [T B, 4H]
    Arrays.fill(transposedGradient, 0f);
    products.multiplyTransposedA(input, inputStart, in, act, 0, gates, transposedGradient, rows);
    products.transpose(transposedGradient, 0, in, gates, gradient, inputOffset[l], in, true);
    Arrays.fill(transposedGradient, 0f);
    products.multiplyTransposedA(states[l], 0, hidden, act, 0, gates, transposedGradient, rows);
    products.transpose(
        transposedGradient, 0, hidden, gates, gradient, recurrentOffset[l], hidden, true);
    columnSums(act, rows, gates, gates, gradient, inputBiasOffset[l]);
    System.arraycopy(gradient, inputBiasOffset[l], gradient, recurrentBiasOffset[l], gates);
    if (l > 0) {
      Arrays.fill(stateGradient, 0, rows * hidden, 0f);
      products.multiply(act, 0, w, inputOffset[l], stateGradient, 0, rows, gates, hidden);
    }
  }

  /**
   * Turns the activated gates of the B rows from {@code row} into their gradients, from dh = dH (in
   * {@link #stateGradient}) + carried dh and the carried dc (row b of {@link #carryH} and {@link
   * #carryC}); updates the carried dc.
   */
  private void cellBackward(float[] act, int row, int batch, float[] c, float[] tc) {
    for (int b = 0; b < batch; b++) {
      int g = (row + b) * gates;
      int s = (row + b) * hidden;
      int carry = b * hidden;
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
}
