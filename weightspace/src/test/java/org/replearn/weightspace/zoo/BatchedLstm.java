package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.replearn.core.InvalidInputException;

/**
 * Test oracle: M zoo LSTMs of one {@link LstmSpec} as one batched DJL program (PyTorch ops with
 * autograd), against which {@link LstmKernel} is checked: every parameter carries a leading model
 * axis ({@code lstm_cells.0.i2h.weight} is [M, 4H, X]) and every product is a batched matrix
 * product over it, so one DJL op serves all M models.
 *
 * <p>Cell (gate order i, f, g, o), per model m:
 *
 * <pre>
 *   gates = x W_ih^T + b_ih + h W_hh^T + b_hh          [M, B, 4H]
 *   c' = sigmoid(f) * c + sigmoid(i) * tanh(g)          h' = sigmoid(o) * tanh(c')
 *   y = h'_top W_lin^T + b_lin                          [M, B, Y]
 * </pre>
 *
 * Sequences are time-major inside a model: [M, T, B, features]. The parameters live in the manager
 * given at construction and are the arrays the trainer updates in place.
 */
public final class BatchedLstm {
  private final LstmSpec spec;
  private final int models;
  private final List<NDArray> parameters;

  /** The recurrent state of all layers: h and c, each [M, B, H] per layer. */
  public record State(List<NDArray> h, List<NDArray> c) {}

  private BatchedLstm(LstmSpec spec, int models, List<NDArray> parameters) {
    this.spec = spec;
    this.models = models;
    this.parameters = parameters;
  }

  /**
   * Models from flat vectors in the official order.
   *
   * @param flat [M, P], copied into new arrays owned by {@code manager}
   */
  public static BatchedLstm fromFlat(LstmSpec spec, NDArray flat, NDManager manager) {
    InvalidInputException.require(
        flat.getShape().dimension() == 2 && flat.getShape().get(1) == spec.parameterCount(),
        "flat weights",
        "must have shape [M, " + spec.parameterCount() + "]",
        flat.getShape());
    List<NDArray> params = new ArrayList<>();
    try (NDManager scope = NDManager.subManagerOf(flat)) {
      scope.tempAttachAll(flat);
      for (NDArray view : spec.unflatten(flat).values()) {
        NDArray p = view.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(1f);
        p.attach(manager);
        params.add(p);
      }
    }
    return new BatchedLstm(spec, (int) flat.getShape().get(0), params);
  }

  /** The weight-space shape. */
  public LstmSpec spec() {
    return spec;
  }

  /** Number of models M. */
  public int models() {
    return models;
  }

  /** The parameter arrays in flat order, each [M, shape]; updated in place by training. */
  public List<NDArray> parameters() {
    return parameters;
  }

  /** The parameters by name. */
  public Map<String, NDArray> named() {
    Map<String, NDArray> out = new java.util.LinkedHashMap<>();
    List<String> names = spec.names();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), parameters.get(i));
    }
    return out;
  }

  /** The models as flat vectors [M, P] in {@code manager}. */
  public NDArray toFlat(NDManager manager) {
    try (NDManager scope = manager.newSubManager()) {
      scope.tempAttachAll(parameters.toArray(new NDArray[0]));
      List<NDArray> parts = new ArrayList<>();
      for (NDArray p : parameters) {
        parts.add(p.reshape(models, -1));
      }
      NDArray flat = NDArrays.concat(new NDList(parts), 1);
      flat.attach(manager);
      return flat;
    }
  }

  /** The zero state for a batch of B sequences per model, in {@code manager}. */
  public State zeroState(NDManager manager, int batch) {
    List<NDArray> h = new ArrayList<>();
    List<NDArray> c = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      h.add(manager.zeros(new Shape(models, batch, spec.hiddenSize())));
      c.add(manager.zeros(new Shape(models, batch, spec.hiddenSize())));
    }
    return new State(h, c);
  }

  private NDArray param(int layer, int which) {
    return parameters.get(4 * layer + which);
  }

  /**
   * The parameters in the form the cell uses, owned by {@code scope}: per layer W_ih^T [M, in, 4H],
   * W_hh^T [M, H, 4H] and b_ih + b_hh [M, 1, 4H], then W_lin^T [M, H, Y] and b_lin [M, 1, Y].
   * Differentiable: inside a gradient collector, gradients flow back to the parameters. Every array
   * derived from a parameter is moved to {@code scope}, so the parameters' own manager never
   * collects temporaries.
   */
  public Prepared prepare(NDManager scope) {
    List<NDArray> inputT = new ArrayList<>();
    List<NDArray> recurrentT = new ArrayList<>();
    List<NDArray> bias = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      inputT.add(own(param(l, 0).transpose(0, 2, 1), scope));
      recurrentT.add(own(param(l, 1).transpose(0, 2, 1), scope));
      bias.add(own(param(l, 2).add(param(l, 3)), scope).expandDims(1));
    }
    NDArray linearT = own(parameters.get(4 * spec.layers()).transpose(0, 2, 1), scope);
    NDArray linearBias = own(parameters.get(4 * spec.layers() + 1).expandDims(1), scope);
    return new Prepared(inputT, recurrentT, bias, linearT, linearBias);
  }

  private static NDArray own(NDArray derived, NDManager scope) {
    derived.attach(scope);
    return derived;
  }

  /** Parameters prepared for the cell by {@link #prepare}. */
  public record Prepared(
      List<NDArray> inputT,
      List<NDArray> recurrentT,
      List<NDArray> bias,
      NDArray linearT,
      NDArray linearBias) {}

  /**
   * Teacher-forced run from the zero state; differentiable in the parameters. Temporaries belong to
   * {@code x}'s manager (the caller's step scope).
   *
   * @param x inputs [M, T, B, X]
   * @return outputs (logits) [M, T, B, Y]
   */
  public NDArray forward(Prepared w, NDArray x) {
    Shape s = x.getShape();
    InvalidInputException.require(
        s.dimension() == 4 && s.get(0) == models && s.get(3) == spec.inputSize(),
        "LSTM input",
        "must have shape [" + models + ", T, B, " + spec.inputSize() + "]",
        s);
    int steps = (int) s.get(1);
    int batch = (int) s.get(2);
    int hidden = spec.hiddenSize();
    NDArray layerInput = x;
    for (int l = 0; l < spec.layers(); l++) {
      int in = spec.layerInputSize(l);
      NDArray projected =
          layerInput
              .reshape(models, (long) steps * batch, in)
              .matMul(w.inputT().get(l))
              .add(w.bias().get(l))
              .reshape(models, steps, batch, 4L * hidden);
      NDArray h = x.getManager().zeros(new Shape(models, batch, hidden));
      NDArray c = x.getManager().zeros(new Shape(models, batch, hidden));
      NDList outputs = new NDList(steps);
      // split (backward: one concatenation) rather than indexing per step (backward: a zero
      // tensor of the full size per step)
      NDList perStep = projected.split(steps, 1);
      for (int t = 0; t < steps; t++) {
        NDArray gates = perStep.get(t).squeeze(1).add(h.matMul(w.recurrentT().get(l)));
        NDArray[] hc = cell(gates, c);
        h = hc[0];
        c = hc[1];
        outputs.add(h);
      }
      layerInput = NDArrays.stack(outputs, 1);
    }
    return readOut(w, layerInput);
  }

  /**
   * One step of all layers (for sampling and probing); differentiable. New arrays belong to the
   * managers of {@code x} and of the state arrays; the caller keeps them in one scope.
   *
   * @param x inputs [M, B, X]
   * @param state h and c of every layer, each [M, B, H]
   * @return the outputs [M, B, Y] and the next state
   */
  public Step step(Prepared w, NDArray x, State state) {
    NDArray input = x;
    List<NDArray> h = new ArrayList<>();
    List<NDArray> c = new ArrayList<>();
    for (int l = 0; l < spec.layers(); l++) {
      NDArray gates =
          input
              .matMul(w.inputT().get(l))
              .add(state.h().get(l).matMul(w.recurrentT().get(l)))
              .add(w.bias().get(l));
      NDArray[] hc = cell(gates, state.c().get(l));
      h.add(hc[0]);
      c.add(hc[1]);
      input = hc[0];
    }
    return new Step(readOut(w, input), new State(h, c));
  }

  /** Result of {@link #step}: outputs [M, B, Y] and the next state. */
  public record Step(NDArray outputs, State state) {}

  /** Cell update: returns {h', c'} for gates [..., 4H] and c [..., H]. */
  private static NDArray[] cell(NDArray gates, NDArray c) {
    NDList g = gates.split(4, gates.getShape().dimension() - 1);
    NDArray i = g.get(0).getNDArrayInternal().sigmoid();
    NDArray f = g.get(1).getNDArrayInternal().sigmoid();
    NDArray cand = g.get(2).tanh();
    NDArray o = g.get(3).getNDArrayInternal().sigmoid();
    NDArray cNext = f.mul(c).add(i.mul(cand));
    return new NDArray[] {o.mul(cNext.tanh()), cNext};
  }

  /** Linear read-out of top-layer states [M, ..., H] -> [M, ..., Y]. */
  private NDArray readOut(Prepared w, NDArray top) {
    Shape s = top.getShape();
    NDArray flat = top.reshape(models, -1, spec.hiddenSize());
    NDArray y = flat.matMul(w.linearT()).add(w.linearBias());
    return y.reshape(s.slice(0, s.dimension() - 1).add(spec.outputSize()));
  }
}
