package org.replearn.multiview.train;

import java.util.SplittableRandom;

/**
 * Objects that can be seen in any number of random views: the inputs of multi-view training and
 * evaluation. Inputs are float32, flattened per object to {@link #inputShape()}.
 */
public interface ViewSource {

  /** Number of objects. */
  int size();

  /** Class label of every object (used only for evaluation). */
  int[] labels();

  /** Shape of one input, e.g. {@code [1, 28, 28]} or {@code [32]}. */
  long[] inputShape();

  /** Number of floats in one input. */
  default int inputSize() {
    long s = 1;
    for (long d : inputShape()) {
      s *= d;
    }
    return (int) s;
  }

  /**
   * k random views of the given objects.
   *
   * @return {@code [k, indices.length, inputSize]} flattened
   */
  float[] views(int[] indices, int k, SplittableRandom rng);

  /**
   * The objects without augmentation (evaluation inputs).
   *
   * @return {@code [indices.length, inputSize]} flattened
   */
  float[] clean(int[] indices);
}
