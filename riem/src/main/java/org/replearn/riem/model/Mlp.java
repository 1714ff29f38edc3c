package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Map;

/** 784-256-10 with ReLU: {@code fc1}, {@code fc2}. Parameters: 784 x 256 + 256 + 256 x 10 + 10. */
final class Mlp extends ReferenceArch {
  Mlp() {
    super("mlp", new StateLayout().linear("fc1", 784, 256).linear("fc2", 256, 10));
  }

  @Override
  public NDArray forward(Map<String, NDArray> p, NDArray x, boolean training) {
    long n = x.getShape().get(0);
    NDArray h = Activation.relu(Layers.linear(p, "fc1", x.reshape(n, 784)));
    return Layers.linear(p, "fc2", h);
  }
}
