package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A multi-layer perceptron {@code sizes[0] -> sizes[1] -> ... -> sizes[n]} with ReLU between layers
 * and no activation after the last (the official {@code mlp} helper), PyTorch default
 * initialisation.
 */
public final class Mlp {
  private final List<Linear> layers = new ArrayList<>();

  /** Registers the layers as {@code name.0}, {@code name.1}, ... in {@code store}. */
  public Mlp(ParameterStore store, String name, SplittableRandom rng, int... sizes) {
    for (int i = 0; i + 1 < sizes.length; i++) {
      layers.add(store.linear(name + "." + i, sizes[i], sizes[i + 1], rng));
    }
  }

  /** [..., sizes[0]] to [..., sizes[n]]. */
  public NDArray apply(NDArray x) {
    NDArray y = x;
    for (int i = 0; i < layers.size(); i++) {
      y = layers.get(i).apply(y);
      if (i + 1 < layers.size()) {
        y = Activation.relu(y);
      }
    }
    return y;
  }
}
