package org.replearn.multiview.loss;

import java.util.Arrays;

/** Creates the losses by their command-line names (see {@link MultiViewLossKind}). */
public final class MultiViewLosses {
  /** The names accepted by {@link #create}, in the order of {@link MultiViewLossKind}. */
  public static final String[] NAMES =
      Arrays.stream(MultiViewLossKind.values()).map(MultiViewLossKind::id).toArray(String[]::new);

  private MultiViewLosses() {}

  /**
   * @param name m3g, infonce-pwe or infonce-ave
   * @param epsilon M3G's epsilon (circular-variance cost, normalised embeddings)
   * @param temperature InfoNCE's tau
   * @throws org.replearn.core.InvalidInputException naming the allowed names for any other
   */
  public static MultiViewLoss create(String name, double epsilon, double temperature) {
    return MultiViewLossKind.parse(name).create(epsilon, temperature);
  }
}
