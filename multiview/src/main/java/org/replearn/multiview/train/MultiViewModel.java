package org.replearn.multiview.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;

/**
 * An encoder (the representation that is evaluated) followed by a projector (whose output enters
 * the loss), initialised on a manager that owns the parameters.
 */
public final class MultiViewModel {
  private final Block encoder;
  private final Block projector;
  private final NDManager manager;
  private final ParameterStore store;
  private final long[] inputShape;

  /**
   * Initialises both blocks from {@code seeds} (drawn in Java, independent of PyTorch's global
   * generator): every weight with fan-in f (product of its shape after the first axis) ~ U(-b, b),
   * b = sqrt(6 / f) (He uniform, for ReLU networks); every bias 0; batch-norm scales and running
   * variances 1, shifts and running means 0.
   *
   * @param inputShape one input, e.g. {@code [1, 28, 28]}
   */
  public MultiViewModel(
      Block encoder, Block projector, NDManager manager, long[] inputShape, Seeds seeds) {
    this.encoder = encoder;
    this.projector = projector;
    this.manager = manager;
    this.inputShape = inputShape.clone();
    this.store = new ParameterStore(manager, false);
    Shape in = batchShape(1);
    encoder.initialize(manager, DataType.FLOAT32, in);
    projector.initialize(manager, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {in}));
    SplittableRandom rng = seeds.random();
    for (Parameter parameter : all()) {
      NDArray p = parameter.getArray();
      Shape shape = p.getShape();
      Parameter.Type type = parameter.getType();
      if (type == Parameter.Type.GAMMA || type == Parameter.Type.RUNNING_VAR) {
        float[] ones = new float[(int) shape.size()];
        java.util.Arrays.fill(ones, 1f);
        p.set(ones);
      } else if (shape.dimension() == 1) {
        p.set(new float[(int) shape.size()]);
      } else {
        long fanIn = shape.size() / shape.get(0);
        float b = (float) Math.sqrt(6.0 / fanIn);
        try (NDArray w = RandomArrays.uniform(manager, rng, shape, -b, b)) {
          p.set(w.toFloatArray());
        }
      }
    }
  }

  /** {@code [batch, ...inputShape]}. */
  public Shape batchShape(long batch) {
    long[] s = new long[inputShape.length + 1];
    s[0] = batch;
    System.arraycopy(inputShape, 0, s, 1, inputShape.length);
    return new Shape(s);
  }

  /** All trainable arrays (those with a gradient), encoder first. */
  public List<NDArray> parameters() {
    List<NDArray> out = new ArrayList<>();
    for (Parameter p : all()) {
      if (p.requiresGradient()) {
        out.add(p.getArray());
      }
    }
    return out;
  }

  /**
   * Every array of the model, encoder first: the trainable ones and the batch-norm running
   * statistics (what a checkpoint must hold).
   */
  public List<NDArray> state() {
    List<NDArray> out = new ArrayList<>();
    for (Parameter p : all()) {
      out.add(p.getArray());
    }
    return out;
  }

  private List<Parameter> all() {
    List<Parameter> out = new ArrayList<>();
    for (Block b : new Block[] {encoder, projector}) {
      for (Pair<String, Parameter> p : b.getParameters()) {
        out.add(p.getValue());
      }
    }
    return out;
  }

  /** Representations {@code [batch, dim]} of inputs {@code [batch, ...inputShape]}. */
  public NDArray represent(NDArray x, boolean training) {
    return encoder.forward(store, new NDList(x), training).singletonOrThrow();
  }

  /** Projections {@code [batch, out]} of representations. */
  public NDArray project(NDArray h, boolean training) {
    return projector.forward(store, new NDList(h), training).singletonOrThrow();
  }

  public NDManager manager() {
    return manager;
  }
}
