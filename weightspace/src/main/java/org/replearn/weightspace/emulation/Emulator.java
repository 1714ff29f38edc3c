package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
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
 * formal-languages zoo. Forget gates are not opened (official config).
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
    return run(conditioned(inputs, embedding), state).get(0);
  }

  /** Projected inputs [B, T, hidden] with the embedding's projection added at t = 0. */
  private NDArray conditioned(NDArray inputs, NDArray embedding) {
    NDArray projected = inputProjection.apply(inputs);
    NDArray condition = embeddingProjection.apply(embedding).expandDims(1);
    return inputs.getShape().get(1) == 1
        ? projected.add(condition)
        : projected.get(":, 0:1, :").add(condition).concat(projected.get(":, 1:, :"), 1);
  }

  /**
   * The LSTM from a state.
   *
   * @param x projected inputs [B, T, hidden]
   * @param state (h, c), each [layers, B, hidden]
   * @return logits [B, T, Y], then the final h and c
   */
  private NDList run(NDArray x, NDList state) {
    NDList out =
        x.getNDArrayInternal().lstm(x, state, lstmParameters, true, layers, 0.0, true, false, true);
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
      for (int t = 0; t < steps; t++) {
        float[] oneHot = new float[batch * x];
        for (int b = 0; b < batch; b++) {
          tokens[b][t] = t == 0 ? bos : tokens[b][t];
          oneHot[b * x + tokens[b][t]] = 1;
        }
        try (NDManager stepScope = scope.newSubManager()) {
          state.attach(stepScope);
          NDArray input = stepScope.create(oneHot, new Shape(batch, 1, x));
          NDArray projected = t == 0 ? conditioned(input, embedding) : inputProjection.apply(input);
          NDList out = run(projected, state);
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
