package org.replearn.core.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.replearn.core.InvalidInputException;

/** Gradient-norm clipping as {@code torch.nn.utils.clip_grad_norm_} does it. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all gradients in place by {@code min(1, maxNorm / (norm + 1e-6))}, where norm is the L2
   * norm of all gradients concatenated.
   *
   * @return the norm before clipping
   */
  public static double clipByGlobalNorm(List<NDArray> gradients, double maxNorm) {
    InvalidInputException.require(maxNorm > 0, "max gradient norm", "must be > 0", maxNorm);
    double squared = 0;
    for (NDArray g : gradients) {
      try (NDArray s = g.square().sum()) {
        squared += s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
      }
    }
    double norm = Math.sqrt(squared);
    double coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) {
      for (NDArray g : gradients) {
        g.muli(coefficient);
      }
    }
    return norm;
  }
}
