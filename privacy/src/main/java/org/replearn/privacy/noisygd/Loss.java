package org.replearn.privacy.noisygd;

import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * Losses of the form L(z, y) on logits z = W x + b. The gradient with respect to W is g x^T with g
 * = dL/dz, the "coefficient" below.
 */
public enum Loss {
  /** Cross-entropy of softmax(z) against e_y; g = softmax(z) - e_y. */
  CROSS_ENTROPY,
  /** Squared loss ||z - e_y||^2 / 2; g = z - e_y. */
  SQUARED;

  /** Parses {@code ce|cross-entropy|squared}. */
  public static Loss parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "ce", "cross-entropy" -> CROSS_ENTROPY;
      case "squared", "mse" -> SQUARED;
      default -> throw InvalidInputException.of("loss", "must be cross-entropy or squared", name);
    };
  }
}
