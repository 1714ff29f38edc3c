package org.replearn.riem;

import org.replearn.core.InvalidInputException;

/**
 * The official notebook's reconstruction error: {@code mean|W - W_hat| / std(W)}, with the unbiased
 * standard deviation ({@code torch.std}'s default).
 */
public final class RelativeError {
  private RelativeError() {}

  /** {@code mean|W - W_hat| / std(W)} over all entries. */
  public static double of(float[] target, float[] reconstruction) {
    InvalidInputException.require(
        target.length == reconstruction.length,
        "reconstruction",
        "must have as many entries as the target (" + target.length + ")",
        reconstruction.length);
    InvalidInputException.require(target.length > 1, "target", "must have >= 2 entries", 1);
    double abs = 0;
    for (int i = 0; i < target.length; i++) {
      abs += Math.abs(target[i] - reconstruction[i]);
    }
    return abs / target.length / std(target);
  }

  /** Unbiased standard deviation. */
  public static double std(float[] x) {
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (float v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1));
  }
}
