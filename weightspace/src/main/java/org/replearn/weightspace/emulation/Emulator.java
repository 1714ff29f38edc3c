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
    Shape shape = inputs.getShape();
    long batch = shape.get(0);
    NDArray projected = inputProjection.apply(inputs);
    NDArray condition = embeddingProjection.apply(embedding).expandDims(1);
    NDArray x =
        shape.get(1) == 1
            ? projected.add(condition)
            : projected.get(":, 0:1, :").add(condition).concat(projected.get(":, 1:, :"), 1);
    NDManager manager = x.getManager();
    NDList state =
        new NDList(
            manager.zeros(new Shape(layers, batch, hidden)),
            manager.zeros(new Shape(layers, batch, hidden)));
    NDArray out =
        x.getNDArrayInternal()
            .lstm(x, state, lstmParameters, true, layers, 0.0, true, false, true)
            .get(0);
    return outputProjection.apply(out);
  }

  @Override
  public void close() {
    store.close();
  }
}
