package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.replearn.core.engine.RandomArrays;

/**
 * The tensors of a reference network's state dict, in PyTorch's order and with PyTorch's names:
 * shape, initial value and whether the optimiser trains it (parameters) or the forward pass keeps
 * it up to date (batch-norm running statistics, PyTorch's buffers).
 */
final class StateLayout {

  /** How a tensor starts. */
  enum Init {
    /** U(-scale, scale): PyTorch's default for Linear and Conv2d, scale = 1 / sqrt(fan_in). */
    UNIFORM,
    /** N(0, scale^2). */
    NORMAL,
    ONES,
    ZEROS
  }

  /**
   * One state-dict tensor.
   *
   * @param shape its shape
   * @param init how it starts
   * @param scale the bound or standard deviation of {@code init}
   * @param trainable a parameter (true) or a buffer (false)
   */
  record Entry(Shape shape, Init init, float scale, boolean trainable) {
    NDArray initial(NDManager manager, SplittableRandom rng) {
      return switch (init) {
        case UNIFORM -> RandomArrays.uniform(manager, rng, shape, -scale, scale);
        case NORMAL -> RandomArrays.normal(manager, rng, shape, 0, scale);
        case ONES -> manager.ones(shape);
        case ZEROS -> manager.zeros(shape);
      };
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** Every tensor, in insertion (PyTorch) order. */
  Map<String, Entry> entries() {
    return Collections.unmodifiableMap(entries);
  }

  /** {@code nn.Linear(in, out)}: weight {@code [out, in]} and bias {@code [out]}. */
  StateLayout linear(String name, int in, int out) {
    float bound = (float) (1 / Math.sqrt(in));
    add(name + ".weight", new Shape(out, in), Init.UNIFORM, bound, true);
    return add(name + ".bias", new Shape(out), Init.UNIFORM, bound, true);
  }

  /** {@code nn.Conv2d(in, out, k, bias=bias)}: weight {@code [out, in, k, k]} (and bias). */
  StateLayout conv(String name, int in, int out, int k, boolean bias) {
    float bound = (float) (1 / Math.sqrt(in * k * k));
    add(name + ".weight", new Shape(out, in, k, k), Init.UNIFORM, bound, true);
    return bias ? add(name + ".bias", new Shape(out), Init.UNIFORM, bound, true) : this;
  }

  /**
   * {@code nn.BatchNorm2d(channels)}: weight 1, bias 0 (trained), running_mean 0, running_var 1
   * (buffers). PyTorch's {@code num_batches_tracked} counter is left out: it is only read when
   * momentum is None, and {@code load_state_dict} fills it in when a file lacks it.
   */
  StateLayout batchNorm(String name, int channels) {
    add(name + ".weight", new Shape(channels), Init.ONES, 0, true);
    add(name + ".bias", new Shape(channels), Init.ZEROS, 0, true);
    add(name + ".running_mean", new Shape(channels), Init.ZEROS, 0, false);
    return add(name + ".running_var", new Shape(channels), Init.ONES, 0, false);
  }

  /** {@code nn.LayerNorm(dim)}: weight 1, bias 0. */
  StateLayout layerNorm(String name, int dim) {
    add(name + ".weight", new Shape(dim), Init.ONES, 0, true);
    return add(name + ".bias", new Shape(dim), Init.ZEROS, 0, true);
  }

  /** A trained tensor drawn from N(0, std^2) (class token, position embedding). */
  StateLayout normal(String name, Shape shape, float std) {
    return add(name, shape, Init.NORMAL, std, true);
  }

  private StateLayout add(String name, Shape shape, Init init, float scale, boolean trainable) {
    entries.put(name, new Entry(shape, init, scale, trainable));
    return this;
  }
}
