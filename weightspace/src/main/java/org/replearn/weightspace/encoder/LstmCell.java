package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * One LSTM step in PyTorch's convention (gates i, f, g, o):
 *
 * <pre>
 *   [i f g o] = x W_ih + b_ih + h W_hh + b_hh
 *   c' = sigmoid(f) c + sigmoid(i) tanh(g),   h' = sigmoid(o) tanh(c')
 * </pre>
 *
 * <p>The weights may carry leading batch axes (one LSTM per weight set), so the same code runs the
 * trainable probing core ([in, 4H]) and the frozen zoo models ([B, in, 4H]).
 */
final class LstmCell {
  private LstmCell() {}

  /**
   * @param gates pre-activations [..., 4H] in gate order (i, f, g, o)
   * @param c previous cell state [..., H]
   * @return (h', c')
   */
  static NDList fromGates(NDArray gates, NDArray c) {
    NDList parts = gates.split(4, gates.getShape().dimension() - 1);
    NDArray input = Activation.sigmoid(parts.get(0));
    NDArray forget = Activation.sigmoid(parts.get(1));
    NDArray cell = parts.get(2).tanh();
    NDArray output = Activation.sigmoid(parts.get(3));
    NDArray cNext = forget.mul(c).add(input.mul(cell));
    NDArray hNext = output.mul(cNext.tanh());
    return new NDList(hNext, cNext);
  }
}
