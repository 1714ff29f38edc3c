package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.replearn.weightspace.encoder.Linear;
import org.replearn.weightspace.encoder.ParameterStore;

/**
 * The emulator of the official code ({@code EmulatorLSTM}): inputs through Linear(X -> 256), the
 * embedding through Linear(16 -> 256) added to the first (BOS) step only, a 2-layer LSTM(256) run
 * as PyTorch's fused {@code lstm} kernel, and Linear(256 -> Y) logits. 1,060,358 parameters for the
 * formal-languages zoo. Forget gates are not opened (official config). Both input projections are
 * folded into the first LSTM layer's input weights when the model runs ({@link
 * #foldedParameters()}): the same function with fewer FLOPs.
 */
public final class Emulator implements AutoCloseable {
  private final ParameterStore store;
  private final Linear inputProjection;
  private final Linear embeddingProjection;
  private final NDList lstmParameters = new NDList();
  private final Linear outputProjection;
  private final int hidden;
  private final int layers;

  /**
   * @param inputSize X
   * @param outputSize Y
   * @param embeddingSize size of z (official 16)
   * @param hidden LSTM width (official 256)
   * @param layers LSTM layers (official 2)
   */
  public Emulator(
      NDManager manager,
      SplittableRandom rng,
      int inputSize,
      int outputSize,
      int embeddingSize,
      int hidden,
      int layers) {
    this.store = new ParameterStore(manager, DataType.FLOAT32);
    this.hidden = hidden;
    this.layers = layers;
    this.embeddingProjection = store.linear("embedding_projection", embeddingSize, hidden, rng);
    this.inputProjection = store.linear("input_projection", inputSize, hidden, rng);
    double bound = 1 / Math.sqrt(hidden);
    for (int l = 0; l < layers; l++) {
      // PyTorch's nn.LSTM layout and initialisation
      lstmParameters.add(
          store.uniform("lstm.weight_ih_l" + l, rng, new Shape(4L * hidden, hidden), bound));
      lstmParameters.add(
          store.uniform("lstm.weight_hh_l" + l, rng, new Shape(4L * hidden, hidden), bound));
      lstmParameters.add(store.uniform("lstm.bias_ih_l" + l, rng, new Shape(4L * hidden), bound));
      lstmParameters.add(store.uniform("lstm.bias_hh_l" + l, rng, new Shape(4L * hidden), bound));
    }
    this.outputProjection = store.linear("output_projection", hidden, outputSize, rng);
  }

  /** The official sizes: 16-d embedding, 2 x 256 LSTM. */
  public static Emulator official(
      NDManager manager, SplittableRandom rng, int inputSize, int outputSize) {
    return new Emulator(manager, rng, inputSize, outputSize, 16, 256, 2);
  }

  /** The trainable parameters. */
  public ParameterStore parameters() {
    return store;
  }

  /**
   * Teacher-forced emulation.
   *
   * @param inputs [B, T, X] the original model's input sequence
   * @param embedding z, [B, 16]
   * @return logits [B, T, Y]
   */
  public NDArray forward(NDArray inputs, NDArray embedding) {
    long batch = inputs.getShape().get(0);
    NDManager manager = inputs.getManager();
    NDList state =
        new NDList(
            manager.zeros(new Shape(layers, batch, hidden)),
            manager.zeros(new Shape(layers, batch, hidden)));
    return run(foldedInputs(inputs, embedding), state, foldedParameters()).get(0);
  }

  /**
   * The LSTM's parameters with both input projections folded into layer 0's input weights. The
   * official model feeds layer 0 with {@code u_t = A x_t + b + [t = 0] (C z + d)} (A, b: input
   * projection; C, d: embedding projection), and layer 0 only ever applies {@code W_ih0 u_t +
   * b_ih0}. Since that is linear in (x_t, z, 1),
   *
   * <pre>
   *   W_ih0 u_t + b_ih0 = [W_ih0 A^T | W_ih0 C^T | W_ih0 d] [x_t; [t=0] z; [t=0]] + (b_ih0 + W_ih0 b)
   * </pre>
   *
   * so the fused LSTM reads the X + 16 + 1 columns of {@link #foldedInputs} through a [4H, X + 17]
   * weight instead of 256 projected columns through [4H, 256]: the same function (up to float
   * rounding) with 23% fewer LSTM FLOPs forward and backward (official sizes). The stored
   * parameters, their initialisation and their gradients (through this product) are those of the
   * official model.
   *
   * @return PyTorch's {@code nn.LSTM} parameter list, layer 0's input weight [4H, X + E + 1] and
   *     input bias [4H] replaced by their folded forms
   */
  private NDList foldedParameters() {
    // rows A (X), C (E), d (1), b (1), each [hidden]; times W_ih0^T [hidden, 4H] in one product
    NDArray projections =
        NDArrays.concat(
            new NDList(
                inputProjection.weight(),
                embeddingProjection.weight(),
                embeddingProjection.bias().expandDims(0),
                inputProjection.bias().expandDims(0)));
    NDArray folded = projections.matMul(lstmParameters.get(0).transpose());
    long columns = folded.getShape().get(0) - 1;
    NDList parameters = new NDList(lstmParameters);
    parameters.set(0, folded.get("0:{}, :", columns).transpose());
    parameters.set(2, lstmParameters.get(2).add(folded.get("{}, :", columns)));
    return parameters;
  }

  /**
   * Layer 0's inputs for {@link #foldedParameters()}: {@code [x_t, [t = 0] z, [t = 0]]}.
   *
   * @param inputs [B, T, X]
   * @param embedding z [B, E] added at t = 0, or null when the sequence does not start at t = 0
   * @return [B, T, X + E + 1]
   */
  private NDArray foldedInputs(NDArray inputs, NDArray embedding) {
    Shape shape = inputs.getShape();
    long batch = shape.get(0);
    long steps = shape.get(1);
    NDManager manager = inputs.getManager();
    int extra = embeddingProjection.in() + 1;
    if (embedding == null) {
      return inputs.concat(manager.zeros(new Shape(batch, steps, extra), inputs.getDataType()), 2);
    }
    NDArray first =
        embedding
            .concat(manager.ones(new Shape(batch, 1), embedding.getDataType()), 1)
            .expandDims(1);
    NDArray conditions =
        steps == 1
            ? first
            : first.concat(
                manager.zeros(new Shape(batch, steps - 1, extra), embedding.getDataType()), 1);
    return inputs.concat(conditions, 2);
  }

  /**
   * The LSTM from a state.
   *
   * @param x layer 0's inputs [B, T, X + E + 1] ({@link #foldedInputs})
   * @param state (h, c), each [layers, B, hidden]
   * @param parameters {@link #foldedParameters()}
   * @return logits [B, T, Y], then the final h and c
   */
  private NDList run(NDArray x, NDList state, NDList parameters) {
    NDList out =
        x.getNDArrayInternal().lstm(x, state, parameters, true, layers, 0.0, true, false, true);
    return new NDList(outputProjection.apply(out.get(0)), out.get(1), out.get(2));
  }

  /**
   * Free-running generation for token zoos (formal languages), as the zoo models sample their
   * strings: the first input is the BOS token with the embedding added, each later input the token
   * sampled (multinomial) from the previous step's softmax.
   *
   * @param embedding z, [B, 16]
   * @param bos the BOS token (its one-hot is the first input)
   * @param steps tokens sampled after BOS
   * @return [B][steps + 1] tokens, BOS first
   */
  public int[][] sampleTokens(NDArray embedding, int bos, int steps, SplittableRandom rng) {
    int batch = (int) embedding.getShape().get(0);
    int x = inputProjection.in();
    int[][] tokens = new int[batch][steps + 1];
    try (NDManager scope = embedding.getManager().newSubManager()) {
      scope.tempAttachAll(store.asNDList());
      NDList state =
          new NDList(
              scope.zeros(new Shape(layers, batch, hidden)),
              scope.zeros(new Shape(layers, batch, hidden)));
      NDList parameters = foldedParameters();
      for (int t = 0; t < steps; t++) {
        float[] oneHot = new float[batch * x];
        for (int b = 0; b < batch; b++) {
          tokens[b][t] = t == 0 ? bos : tokens[b][t];
          oneHot[b * x + tokens[b][t]] = 1;
        }
        try (NDManager stepScope = scope.newSubManager()) {
          state.attach(stepScope);
          NDArray input = stepScope.create(oneHot, new Shape(batch, 1, x));
          NDList out = run(foldedInputs(input, t == 0 ? embedding : null), state, parameters);
          float[] p = out.get(0).softmax(2).toFloatArray();
          int y = p.length / batch;
          for (int b = 0; b < batch; b++) {
            tokens[b][t + 1] = sample(p, b * y, y, rng);
          }
          state = new NDList(out.get(1), out.get(2));
          state.attach(scope);
        }
      }
    }
    return tokens;
  }

  private static int sample(float[] p, int from, int n, SplittableRandom rng) {
    double u = rng.nextDouble();
    double cumulative = 0;
    for (int j = 0; j < n; j++) {
      cumulative += p[from + j];
      if (u < cumulative) {
        return j;
      }
    }
    return n - 1;
  }

  @Override
  public void close() {
    store.close();
  }
}
