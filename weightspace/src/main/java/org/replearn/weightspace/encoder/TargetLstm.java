package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * The zoo's LSTM run functionally with its own weights, batched over B weight sets (what the
 * official code does with {@code torch.func.functional_call} and {@code vmap}). Each weight set
 * runs M parallel sequences with their own state; the weights are constants, but gradients flow
 * through the computation to the inputs, which is how probing encoders learn their probes.
 */
public final class TargetLstm {
  private final LstmSpec layout;
  private final NDArray[] stackedWeights;
  private final NDArray[] biases;
  private final NDArray outputWeight;
  private final NDArray outputBias;

  /** Mutable (h, c) per layer, each [B, M, H], starting from zeros. */
  public static final class State {
    final NDArray[] h;
    final NDArray[] c;

    State(NDArray[] h, NDArray[] c) {
      this.h = h;
      this.c = c;
    }
  }

  /**
   * Prepares the weights of B models for batched steps; the prepared arrays live in the weights'
   * manager (open a scope around the whole rollout).
   */
  public TargetLstm(LstmWeights weights) {
    this.layout = weights.layout();
    int layers = layout.layers();
    stackedWeights = new NDArray[layers];
    biases = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      // [B, in + H, 4H]: one product per step for input and recurrent terms
      stackedWeights[l] =
          weights.inputWeight(l).concat(weights.recurrentWeight(l), 2).transpose(0, 2, 1);
      biases[l] = weights.inputBias(l).add(weights.recurrentBias(l)).expandDims(1);
    }
    outputWeight = weights.outputWeight().transpose(0, 2, 1);
    outputBias = weights.outputBias().expandDims(1);
  }

  /** Zero state for {@code parallel} sequences per weight set. */
  public State zeroState(NDManager manager, int batch, int parallel) {
    int layers = layout.layers();
    NDArray[] h = new NDArray[layers];
    NDArray[] c = new NDArray[layers];
    Shape shape = new Shape(batch, parallel, layout.hiddenSize());
    for (int l = 0; l < layers; l++) {
      h[l] = manager.zeros(shape, outputWeight.getDataType());
      c[l] = manager.zeros(shape, outputWeight.getDataType());
    }
    return new State(h, c);
  }

  /**
   * One time step.
   *
   * @param x inputs [B, M, X]
   * @param state updated in place
   * @return raw output logits [B, M, Y]
   */
  public NDArray step(NDArray x, State state) {
    NDArray input = x;
    for (int l = 0; l < layout.layers(); l++) {
      NDArray gates = input.concat(state.h[l], 2).matMul(stackedWeights[l]).add(biases[l]);
      NDList hc = LstmCell.fromGates(gates, state.c[l]);
      state.h[l] = hc.get(0);
      state.c[l] = hc.get(1);
      input = state.h[l];
    }
    return input.matMul(outputWeight).add(outputBias);
  }

  /**
   * Runs whole sequences from the zero state (teacher forcing).
   *
   * @param inputs [B, M, T, X]
   * @return logits [B, M, T, Y]
   */
  public NDArray run(NDArray inputs) {
    Shape shape = inputs.getShape();
    int batch = Math.toIntExact(shape.get(0));
    int parallel = Math.toIntExact(shape.get(1));
    State state = zeroState(inputs.getManager(), batch, parallel);
    NDList outputs = new NDList();
    for (int t = 0; t < shape.get(2); t++) {
      outputs.add(step(inputs.get(":, :, {}", t), state));
    }
    return NDArrays.stack(outputs, 2);
  }
}
