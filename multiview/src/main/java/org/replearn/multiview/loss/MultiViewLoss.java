package org.replearn.multiview.loss;

import ai.djl.ndarray.NDArray;

/** A loss on k views of a batch, as a DJL training objective. */
public interface MultiViewLoss {

  /**
   * The objective for one batch.
   *
   * @param embeddings {@code [views, batch, dim]} projector outputs (not yet normalised), recorded
   *     by a {@code GradientCollector}
   * @return a scalar whose gradient with respect to {@code embeddings} is the loss gradient, and
   *     the loss value
   */
  Objective objective(NDArray embeddings);

  /** Short name for tables and file names, e.g. {@code m3g}, {@code infonce-pwe}. */
  String name();

  /**
   * What {@link #objective} returns.
   *
   * @param differentiable scalar NDArray to call backward on; its gradient is the loss gradient
   *     (for M3G it is a surrogate whose value is not the loss)
   * @param value the loss value for logging
   */
  record Objective(NDArray differentiable, double value) {}
}
