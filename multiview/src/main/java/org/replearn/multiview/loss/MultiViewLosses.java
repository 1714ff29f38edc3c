package org.replearn.multiview.loss;

import org.replearn.core.InvalidInputException;

/** Creates the losses by their CLI names. */
public final class MultiViewLosses {
  /** The names accepted by {@link #create}. */
  public static final String[] NAMES = {"m3g", "infonce-pwe", "infonce-ave"};

  private MultiViewLosses() {}

  /**
   * @param name m3g, infonce-pwe or infonce-ave
   * @param epsilon M3G's epsilon (circular-variance cost, normalised embeddings)
   * @param temperature InfoNCE's tau
   */
  public static MultiViewLoss create(String name, double epsilon, double temperature) {
    return switch (name) {
      case "m3g" -> new M3gLoss(M3gLoss.Config.defaults().withEpsilon(epsilon));
      case "infonce-pwe" -> new InfoNceLoss(InfoNceLoss.Variant.PWE, temperature);
      case "infonce-ave" -> new InfoNceLoss(InfoNceLoss.Variant.AVE, temperature);
      default ->
          throw InvalidInputException.of("--loss", "must be m3g, infonce-pwe or infonce-ave", name);
    };
  }
}
