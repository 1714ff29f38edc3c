package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;

/**
 * An affine map over the last axis, {@code y = x W + b}. The weight is stored as [in, out] (the
 * transpose of PyTorch's layout) so the forward pass is one product; a 1 x 1 convolution over a
 * channels-last tensor is the same map.
 *
 * @param weight [in, out]
 * @param bias [out]
 */
public record Linear(NDArray weight, NDArray bias) {

  /** [..., in] to [..., out]. */
  public NDArray apply(NDArray x) {
    return x.matMul(weight).add(bias);
  }

  /** Input size. */
  public int in() {
    return Math.toIntExact(weight.getShape().get(0));
  }

  /** Output size. */
  public int out() {
    return Math.toIntExact(weight.getShape().get(1));
  }
}
