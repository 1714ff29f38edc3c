package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * A batch of B zoo checkpoints seen as the ten named tensors of {@link LstmSpec}, each with a
 * leading batch axis: weights [B, rows, cols], biases [B, rows].
 *
 * @param layout the shapes
 * @param flat the flat parameter rows [B, P] the tensors are views of
 * @param tensors the tensors in flat order
 */
public record LstmWeights(LstmSpec layout, NDArray flat, NDList tensors) {

  /**
   * Splits flat rows in the official order into the named tensors.
   *
   * @param flat [B, P] with P = {@link LstmSpec#parameterCount()}
   */
  public static LstmWeights fromFlat(LstmSpec layout, NDArray flat) {
    Shape shape = flat.getShape();
    InvalidInputException.require(
        shape.dimension() == 2 && shape.get(1) == layout.parameterCount(),
        "flat weights",
        "must have shape [batch, " + layout.parameterCount() + "]",
        shape);
    long batch = shape.get(0);
    NDList tensors = new NDList();
    for (int t = 0; t < layout.slots().size(); t++) {
      int start = layout.slots().get(t).offset();
      long[] tensorShape = layout.slots().get(t).shape();
      long[] full = new long[tensorShape.length + 1];
      full[0] = batch;
      System.arraycopy(tensorShape, 0, full, 1, tensorShape.length);
      tensors.add(
          flat.get(new NDIndex(":, {}:{}", start, start + layout.slots().get(t).size()))
              .reshape(new Shape(full)));
    }
    return new LstmWeights(layout, flat, tensors);
  }

  /** Number of checkpoints B. */
  public int batchSize() {
    return Math.toIntExact(flat.getShape().get(0));
  }

  /** Tensor t in flat order. */
  public NDArray tensor(int t) {
    return tensors.get(t);
  }

  /** W_ih of layer l, [B, 4H, in]. */
  public NDArray inputWeight(int layer) {
    return tensors.get(4 * layer);
  }

  /** W_hh of layer l, [B, 4H, H]. */
  public NDArray recurrentWeight(int layer) {
    return tensors.get(4 * layer + 1);
  }

  /** b_ih of layer l, [B, 4H]. */
  public NDArray inputBias(int layer) {
    return tensors.get(4 * layer + 2);
  }

  /** b_hh of layer l, [B, 4H]. */
  public NDArray recurrentBias(int layer) {
    return tensors.get(4 * layer + 3);
  }

  /** W_lin, [B, Y, H]. */
  public NDArray outputWeight() {
    return tensors.get(4 * layout.layers());
  }

  /** b_lin, [B, Y]. */
  public NDArray outputBias() {
    return tensors.get(4 * layout.layers() + 1);
  }
}
