package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Map;

/**
 * LeNet-5 style: conv 1-&gt;6 (5x5, pad 2), ReLU, max-pool 2, conv 6-&gt;16 (5x5), ReLU, max-pool
 * 2, fc 400-120-84-10 with ReLU ({@code conv1, conv2, fc1, fc2, fc3}).
 */
final class LeNet extends ReferenceArch {
  LeNet() {
    super(
        "cnn",
        new StateLayout()
            .conv("conv1", 1, 6, 5, true)
            .conv("conv2", 6, 16, 5, true)
            .linear("fc1", 400, 120)
            .linear("fc2", 120, 84)
            .linear("fc3", 84, 10));
  }

  @Override
  public NDArray forward(Map<String, NDArray> p, NDArray x, boolean training) {
    long n = x.getShape().get(0);
    NDArray h = Layers.conv(p, "conv1", x.reshape(n, 1, 28, 28), 1, 2);
    h = Layers.maxPool2(Activation.relu(h));
    h = Layers.maxPool2(Activation.relu(Layers.conv(p, "conv2", h, 1, 0))).reshape(n, 400);
    h = Activation.relu(Layers.linear(p, "fc1", h));
    h = Activation.relu(Layers.linear(p, "fc2", h));
    return Layers.linear(p, "fc3", h);
  }
}
