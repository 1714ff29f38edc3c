package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.InvalidInputException;

/**
 * The frozen weight-space shape of a zoo model: a {@code layers}-layer LSTM with input size X,
 * hidden size H, gate order (i, f, g, o) and a linear read-out H -> Y at every step.
 *
 * <p>A model is stored as one flat float32 vector in the official order (PyTorch's {@code nn.LSTM}
 * then {@code nn.Linear}, row-major):
 *
 * <pre>
 *   W_ih_l0 [4H, X] | W_hh_l0 [4H, H] | b_ih_l0 [4H] | b_hh_l0 [4H] | W_ih_l1 [4H, H] | ...
 *   | W_lin [Y, H] | b_lin [Y]
 * </pre>
 *
 * Gate k of hidden unit j is row {@code k*H + j} of every LSTM tensor. The tensors are named as the
 * official encoders name them: {@code lstm_cells.{l}.{i2h,h2h}.{weight,bias}}, {@code
 * linear.weight}, {@code linear.bias}. The formal-language zoo has (X, H, Y) = (6, 32, 6), 13,766
 * parameters; the tiled-MNIST zoo (16, 32, 10), 15,178 parameters.
 *
 * @param inputSize X
 * @param hiddenSize H
 * @param layers number of stacked LSTM layers (2 in both official zoos)
 * @param outputSize Y
 */
public record LstmSpec(int inputSize, int hiddenSize, int layers, int outputSize) {

  /** Number of gates per hidden unit (i, f, g, o). */
  public static final int GATES = 4;

  /** Name, shape and offset of one tensor in the flat vector. */
  public record Slot(String name, long[] shape, int offset) {
    /** Number of entries. */
    public int size() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return (int) n;
    }

    /** Rows (first dimension). */
    public int rows() {
      return (int) shape[0];
    }

    /** Columns (second dimension, 1 for a vector). */
    public int cols() {
      return shape.length > 1 ? (int) shape[1] : 1;
    }
  }

  public LstmSpec {
    InvalidInputException.require(inputSize > 0, "input size", "must be > 0", inputSize);
    InvalidInputException.require(hiddenSize > 0, "hidden size", "must be > 0", hiddenSize);
    InvalidInputException.require(layers > 0, "layers", "must be > 0", layers);
    InvalidInputException.require(outputSize > 0, "output size", "must be > 0", outputSize);
  }

  /** The formal-language zoo model: 6 tokens in and out, H = 32, 2 layers (13,766 parameters). */
  public static LstmSpec formalLanguages() {
    return new LstmSpec(6, 32, 2, 6);
  }

  /** The tiled-MNIST zoo model: 16-pixel tiles in, 10 classes out, H = 32, 2 layers (15,178). */
  public static LstmSpec tiledMnist() {
    return new LstmSpec(16, 32, 2, 10);
  }

  /** Input size of LSTM layer {@code layer}: X for layer 0, H above. */
  public int layerInputSize(int layer) {
    return layer == 0 ? inputSize : hiddenSize;
  }

  /** The tensors in flat order. */
  public List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    int offset = 0;
    long g = (long) GATES * hiddenSize;
    for (int l = 0; l < layers; l++) {
      String p = "lstm_cells." + l + ".";
      offset = add(slots, p + "i2h.weight", new long[] {g, layerInputSize(l)}, offset);
      offset = add(slots, p + "h2h.weight", new long[] {g, hiddenSize}, offset);
      offset = add(slots, p + "i2h.bias", new long[] {g}, offset);
      offset = add(slots, p + "h2h.bias", new long[] {g}, offset);
    }
    offset = add(slots, "linear.weight", new long[] {outputSize, hiddenSize}, offset);
    add(slots, "linear.bias", new long[] {outputSize}, offset);
    return slots;
  }

  private static int add(List<Slot> slots, String name, long[] shape, int offset) {
    Slot s = new Slot(name, shape, offset);
    slots.add(s);
    return offset + s.size();
  }

  /** The tensor named {@code name}. */
  public Slot slot(String name) {
    for (Slot s : slots()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw InvalidInputException.of("tensor name", "must be one of " + names(), name);
  }

  /** Tensor names in flat order. */
  public List<String> names() {
    return slots().stream().map(Slot::name).toList();
  }

  /** Length P of the flat vector. */
  public int parameterCount() {
    Slot last = slots().get(slots().size() - 1);
    return last.offset() + last.size();
  }

  /**
   * Views of a batch of flat vectors as the named tensors.
   *
   * @param flat [..., P]
   * @return name to [..., shape] (new arrays in {@code flat}'s manager)
   */
  public Map<String, NDArray> unflatten(NDArray flat) {
    Shape batch = flat.getShape().slice(0, flat.getShape().dimension() - 1);
    InvalidInputException.require(
        flat.getShape().tail() == parameterCount(),
        "flat weights",
        "must end with " + parameterCount() + " parameters",
        flat.getShape());
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Slot s : slots()) {
      NDArray part = flat.get(new NDIndex("..., {}:{}", s.offset(), s.offset() + s.size()));
      out.put(s.name(), part.reshape(batch.addAll(new Shape(s.shape()))));
    }
    return out;
  }

  /**
   * Concatenates named tensors [..., shape] into flat vectors [..., P] in the official order.
   *
   * @param tensors one entry per name of {@link #names()}, all with the same leading batch shape
   */
  public NDArray flatten(Map<String, NDArray> tensors) {
    List<NDArray> parts = new ArrayList<>();
    Shape batch = null;
    for (Slot s : slots()) {
      NDArray t = tensors.get(s.name());
      InvalidInputException.require(t != null, "weight tensors", "must contain " + s.name(), null);
      Shape shape = t.getShape();
      Shape own = new Shape(s.shape());
      InvalidInputException.require(
          shape.dimension() >= own.dimension()
              && shape.slice(shape.dimension() - own.dimension()).equals(own),
          s.name(),
          "must end with shape " + own,
          shape);
      Shape b = shape.slice(0, shape.dimension() - own.dimension());
      if (batch == null) {
        batch = b;
      }
      parts.add(t.reshape(batch.add(s.size())));
    }
    return NDArrays.concat(new NDList(parts), -1);
  }

  /**
   * Permutes the hidden units of one layer of a flat vector, in place; the model's function is
   * unchanged. Unit {@code j} of the result is unit {@code perm[j]} of the input: rows {@code k*H +
   * j} of that layer's four LSTM tensors (all gates k), columns of its {@code h2h.weight}, and
   * columns of the next layer's {@code i2h.weight} (or of {@code linear.weight} for the top layer).
   *
   * @param flat one model, length P
   * @param layer 0 .. layers-1
   * @param perm a permutation of 0 .. H-1
   */
  public void permuteHiddenUnits(float[] flat, int layer, int[] perm) {
    InvalidInputException.require(
        flat.length == parameterCount(),
        "flat weights",
        "must have length " + parameterCount(),
        flat.length);
    InvalidInputException.require(
        layer >= 0 && layer < layers, "layer", "must be in [0, " + layers + ")", layer);
    requirePermutation(perm);
    String p = "lstm_cells." + layer + ".";
    for (String n : List.of("i2h.weight", "h2h.weight", "i2h.bias", "h2h.bias")) {
      permuteGateRows(flat, slot(p + n), perm);
    }
    permuteColumns(flat, slot(p + "h2h.weight"), perm);
    Slot next =
        layer + 1 < layers
            ? slot("lstm_cells." + (layer + 1) + ".i2h.weight")
            : slot("linear.weight");
    permuteColumns(flat, next, perm);
  }

  private void requirePermutation(int[] perm) {
    boolean[] seen = new boolean[hiddenSize];
    InvalidInputException.require(
        perm.length == hiddenSize, "permutation", "must have length " + hiddenSize, perm.length);
    for (int v : perm) {
      InvalidInputException.require(
          v >= 0 && v < hiddenSize && !seen[v],
          "permutation",
          "must hold 0.." + (hiddenSize - 1) + " once each",
          v);
      seen[v] = true;
    }
  }

  private void permuteGateRows(float[] flat, Slot s, int[] perm) {
    int cols = s.cols();
    float[] copy = new float[s.size()];
    System.arraycopy(flat, s.offset(), copy, 0, copy.length);
    for (int k = 0; k < GATES; k++) {
      for (int j = 0; j < hiddenSize; j++) {
        System.arraycopy(
            copy,
            (k * hiddenSize + perm[j]) * cols,
            flat,
            s.offset() + (k * hiddenSize + j) * cols,
            cols);
      }
    }
  }

  private static void permuteColumns(float[] flat, Slot s, int[] perm) {
    int cols = s.cols();
    float[] row = new float[cols];
    for (int r = 0; r < s.rows(); r++) {
      int base = s.offset() + r * cols;
      System.arraycopy(flat, base, row, 0, cols);
      for (int j = 0; j < cols; j++) {
        flat[base + j] = row[perm[j]];
      }
    }
  }
}
