package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Map;

/**
 * A ResNet-8 for 28 x 28 grey images (He et al. 2016, section 4.2, with n = 1): a 3x3 stem
 * convolution 1-&gt;16, then three stages of one basic block each with 16, 32 and 64 channels (the
 * second and third halve the resolution with a stride-2 first convolution: 28 -&gt; 14 -&gt; 7),
 * global average pooling and a 64-&gt;10 linear head.
 *
 * <p>A basic block is {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}; convolutions are
 * 3x3 with padding 1 and no bias; the shortcut is the identity, or a 1x1 stride-2 convolution with
 * batch norm where the shape changes (torchvision's "option B"). Names follow torchvision's ResNet:
 * {@code conv1, bn1, layer1.0.conv1, layer1.0.bn1, ..., layer2.0.downsample.0 (conv),
 * layer2.0.downsample.1 (bn), fc}.
 *
 * <p>Parameters: stem 9 c1 + 2 c1, per stage (in -&gt; out) 9 in out + 9 out^2 + 4 out, plus in out
 * + 2 out for a downsampling shortcut, and head 10 c3 + 10: 176 + 4,672 + 14,528 + 57,728 + 650 =
 * 77,754; running statistics 2 x (16 + 32 + 96 + 192) = 672.
 */
final class SmallResNet extends ReferenceArch {
  /** Channels of the stem and of each stage. */
  static final int[] WIDTHS = {16, 32, 64};

  SmallResNet() {
    super("resnet", layout());
  }

  private static StateLayout layout() {
    StateLayout s = new StateLayout().conv("conv1", 1, WIDTHS[0], 3, false);
    s.batchNorm("bn1", WIDTHS[0]);
    int in = WIDTHS[0];
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      int out = WIDTHS[stage];
      String b = block(stage);
      s.conv(b + ".conv1", in, out, 3, false).batchNorm(b + ".bn1", out);
      s.conv(b + ".conv2", out, out, 3, false).batchNorm(b + ".bn2", out);
      if (downsamples(stage)) {
        s.conv(b + ".downsample.0", in, out, 1, false).batchNorm(b + ".downsample.1", out);
      }
      in = out;
    }
    return s.linear("fc", in, 10);
  }

  private static String block(int stage) {
    return "layer" + (stage + 1) + ".0";
  }

  /** Stages after the first halve the resolution and change the width. */
  private static boolean downsamples(int stage) {
    return stage > 0;
  }

  @Override
  public NDArray forward(Map<String, NDArray> p, NDArray x, boolean training) {
    long n = x.getShape().get(0);
    NDArray h = Layers.conv(p, "conv1", x.reshape(n, 1, 28, 28), 1, 1);
    h = Activation.relu(Layers.batchNorm(p, "bn1", h, training));
    for (int stage = 0; stage < WIDTHS.length; stage++) {
      String b = block(stage);
      int stride = downsamples(stage) ? 2 : 1;
      NDArray y = Layers.conv(p, b + ".conv1", h, stride, 1);
      y = Activation.relu(Layers.batchNorm(p, b + ".bn1", y, training));
      y = Layers.batchNorm(p, b + ".bn2", Layers.conv(p, b + ".conv2", y, 1, 1), training);
      NDArray shortcut =
          downsamples(stage)
              ? Layers.batchNorm(
                  p,
                  b + ".downsample.1",
                  Layers.conv(p, b + ".downsample.0", h, stride, 0),
                  training)
              : h;
      h = Activation.relu(y.add(shortcut));
    }
    // global average pooling: [n, c, 7, 7] -> [n, c]
    NDArray pooled = h.reshape(n, WIDTHS[WIDTHS.length - 1], -1).mean(new int[] {2});
    return Layers.linear(p, "fc", pooled);
  }
}
