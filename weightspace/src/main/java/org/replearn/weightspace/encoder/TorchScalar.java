package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for arithmetic under autograd, in memory PyTorch owns.
 *
 * <p>DJL's {@code x.mul(0.5)} (and {@code div}, {@code add}, {@code sub} with a Java number) wraps
 * the number in a 0-d array backed by a Java direct buffer, runs the op and closes that array at
 * once. PyTorch's autograd keeps the scalar for the backward pass of {@code mul} and {@code div}
 * (the gradient is {@code g * s} or {@code g / s}), but once the array is closed nothing in Java
 * holds the buffer: a garbage collection between the forward and the backward pass frees it, and
 * the backward pass reads freed memory (NaN or silently wrong gradients; seen as NaN gradients of
 * the parameter transformer's query projection whenever allocation-heavy Java code ran during its
 * forward pass). A scalar in an array PyTorch allocated lives as long as autograd needs it.
 */
public final class TorchScalar {
  private TorchScalar() {}

  /**
   * The 0-d array {@code value} of {@code like}'s type, on its device and in its manager.
   *
   * @param like an array whose manager, device and type the scalar takes
   * @return shape [] (broadcasts against any shape)
   */
  public static NDArray of(NDArray like, double value) {
    // the Java number lives only while this multiplication runs; nothing here records gradients
    return like.getManager().ones(new Shape(), like.getDataType()).muli(value);
  }
}
