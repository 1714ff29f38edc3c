package org.replearn.weightspace.downstream;

/** How a downstream target is coded, learned and scored. */
public enum TargetKind {
  /**
   * Several categorical parts coded as concatenated one-hot groups (the formal-languages task as a
   * "3-hot" code over d_b, d_c, d_d); learned with BCE; scored by exact-match accuracy (every
   * group's arg-max right).
   */
  MULTI_HOT,
  /** One class index (training step as a 9-way class); cross-entropy; accuracy. */
  CLASS,
  /** One real value (accuracy, angle, generalisation gap); MSE on standardised values; MSE. */
  SCALAR;

  /** Name of the score: accuracy (higher is better) or mse (lower is better). */
  public String metric() {
    return this == SCALAR ? "mse" : "accuracy";
  }
}
