package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;

/**
 * Reference networks for 28 x 28 grey images with 10 classes, written as plain DJL operations on a
 * PyTorch-style state dict (so their safetensors files load in PyTorch with the same names).
 *
 * <ul>
 *   <li>{@link #MLP}: 784-256-10 with ReLU ({@code fc1}, {@code fc2}); 203,530 parameters.
 *   <li>{@link #CNN}: LeNet-5 style: conv 1-&gt;6 (5x5, pad 2), ReLU, max-pool 2, conv 6-&gt;16
 *       (5x5), ReLU, max-pool 2, fc 400-120-84-10 with ReLU; 61,706 parameters.
 * </ul>
 */
public enum ReferenceArch {
  MLP,
  CNN;

  /** Parses {@code mlp|cnn}. */
  public static ReferenceArch parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(
          "--arch", "must be mlp or cnn (resnet and vit are not implemented yet)", s);
    }
  }

  /** Lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parameter names and shapes, in PyTorch order. */
  public Map<String, Shape> parameterShapes() {
    Map<String, Shape> s = new LinkedHashMap<>();
    if (this == MLP) {
      linear(s, "fc1", 784, 256);
      linear(s, "fc2", 256, 10);
    } else {
      s.put("conv1.weight", new Shape(6, 1, 5, 5));
      s.put("conv1.bias", new Shape(6));
      s.put("conv2.weight", new Shape(16, 6, 5, 5));
      s.put("conv2.bias", new Shape(16));
      linear(s, "fc1", 400, 120);
      linear(s, "fc2", 120, 84);
      linear(s, "fc3", 84, 10);
    }
    return s;
  }

  private static void linear(Map<String, Shape> s, String name, int in, int out) {
    s.put(name + ".weight", new Shape(out, in));
    s.put(name + ".bias", new Shape(out));
  }

  /** PyTorch's default init: every weight and bias ~ U(+-1/sqrt(fan_in)), fan_in = in x kh x kw. */
  public Map<String, NDArray> initialParameters(NDManager manager, SplittableRandom rng) {
    Map<String, NDArray> params = new LinkedHashMap<>();
    Map<String, Shape> shapes = parameterShapes();
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      String layer = e.getKey().substring(0, e.getKey().lastIndexOf('.'));
      Shape weight = shapes.get(layer + ".weight");
      float bound = (float) (1 / Math.sqrt(weight.size() / weight.get(0)));
      params.put(e.getKey(), RandomArrays.uniform(manager, rng, e.getValue(), -bound, bound));
    }
    return params;
  }

  /**
   * Logits for a batch.
   *
   * @param x {@code [batch, 28, 28]} in [0, 1]
   * @return {@code [batch, 10]}
   */
  public NDArray forward(Map<String, NDArray> p, NDArray x) {
    long n = x.getShape().get(0);
    if (this == MLP) {
      NDArray h = Activation.relu(dense(p, "fc1", x.reshape(n, 784)));
      return dense(p, "fc2", h);
    }
    NDArray h = x.reshape(n, 1, 28, 28);
    h =
        Conv2d.conv2d(
                h, p.get("conv1.weight"), p.get("conv1.bias"), new Shape(1, 1), new Shape(2, 2))
            .singletonOrThrow();
    h = pool(Activation.relu(h));
    h = Conv2d.conv2d(h, p.get("conv2.weight"), p.get("conv2.bias")).singletonOrThrow();
    h = pool(Activation.relu(h)).reshape(n, 400);
    h = Activation.relu(dense(p, "fc1", h));
    h = Activation.relu(dense(p, "fc2", h));
    return dense(p, "fc3", h);
  }

  private static NDArray pool(NDArray x) {
    return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
  }

  private static NDArray dense(Map<String, NDArray> p, String name, NDArray x) {
    return x.matMul(p.get(name + ".weight").transpose()).add(p.get(name + ".bias"));
  }
}
