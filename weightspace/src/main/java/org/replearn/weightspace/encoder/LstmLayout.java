package org.replearn.weightspace.encoder;

import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * Shapes of the zoo's stacked LSTM with a linear read-out, and the official flat order of its
 * parameters (spec §1): for each layer l, {@code W_ih (4H x in) | W_hh (4H x H) | b_ih (4H) | b_hh
 * (4H)}, then {@code W_lin (Y x H) | b_lin (Y)}, row-major; gates (i, f, g, o) in consecutive
 * blocks of H rows.
 *
 * <p>Tensor index t = 4 l + k with k = 0 (W_ih), 1 (W_hh), 2 (b_ih), 3 (b_hh); t = 4 L is W_lin and
 * t = 4 L + 1 is b_lin.
 *
 * @param inputSize X, the size of one input step
 * @param hiddenSize H, hidden units per layer
 * @param outputSize Y, the number of output logits per step
 * @param layers L, stacked LSTM layers
 */
public record LstmLayout(int inputSize, int hiddenSize, int outputSize, int layers) {

  public LstmLayout {
    InvalidInputException.require(inputSize > 0, "LSTM input size", "must be > 0", inputSize);
    InvalidInputException.require(hiddenSize > 0, "LSTM hidden size", "must be > 0", hiddenSize);
    InvalidInputException.require(outputSize > 0, "LSTM output size", "must be > 0", outputSize);
    InvalidInputException.require(layers > 0, "LSTM layers", "must be > 0", layers);
  }

  /** The formal-languages zoo model: X = Y = 6 tokens, 2 x 32, 13,766 parameters. */
  public static LstmLayout formalLanguages() {
    return new LstmLayout(6, 32, 6, 2);
  }

  /**
   * The sequential-MNIST zoo model: 16-pixel tiles in, 10 logits out, 2 x 32, 15,178 parameters.
   */
  public static LstmLayout sequentialMnist() {
    return new LstmLayout(16, 32, 10, 2);
  }

  /** Number of named tensors, 4 L + 2. */
  public int tensorCount() {
    return 4 * layers + 2;
  }

  /** Index of the read-out weight W_lin. */
  public int outputWeightIndex() {
    return 4 * layers;
  }

  /** Input size of LSTM layer l: X for l = 0, H above. */
  public int layerInputSize(int layer) {
    return layer == 0 ? inputSize : hiddenSize;
  }

  /** The official name of tensor t, e.g. {@code lstm_cells.0.i2h.weight}, {@code linear.bias}. */
  public String name(int t) {
    if (t == 4 * layers) {
      return "linear.weight";
    }
    if (t == 4 * layers + 1) {
      return "linear.bias";
    }
    int layer = t / 4;
    return switch (t % 4) {
      case 0 -> "lstm_cells." + layer + ".i2h.weight";
      case 1 -> "lstm_cells." + layer + ".h2h.weight";
      case 2 -> "lstm_cells." + layer + ".i2h.bias";
      default -> "lstm_cells." + layer + ".h2h.bias";
    };
  }

  /** All tensor names in flat order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (int t = 0; t < tensorCount(); t++) {
      names.add(name(t));
    }
    return names;
  }

  /** Shape of tensor t without the batch axis: [rows, cols] for weights, [rows] for biases. */
  public long[] shape(int t) {
    int gates = 4 * hiddenSize;
    if (t == 4 * layers) {
      return new long[] {outputSize, hiddenSize};
    }
    if (t == 4 * layers + 1) {
      return new long[] {outputSize};
    }
    return switch (t % 4) {
      case 0 -> new long[] {gates, layerInputSize(t / 4)};
      case 1 -> new long[] {gates, hiddenSize};
      default -> new long[] {gates};
    };
  }

  /** Number of entries of tensor t. */
  public int size(int t) {
    long n = 1;
    for (long d : shape(t)) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  /** Offset of tensor t in the flat vector. */
  public int offset(int t) {
    int offset = 0;
    for (int i = 0; i < t; i++) {
      offset += size(i);
    }
    return offset;
  }

  /** Length P of the flat parameter vector. */
  public int flatSize() {
    return offset(tensorCount());
  }
}
