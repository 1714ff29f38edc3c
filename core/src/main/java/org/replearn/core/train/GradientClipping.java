package org.replearn.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.replearn.core.InvalidInputException;

/** Gradient-norm clipping as {@code torch.nn.utils.clip_grad_norm_} does it. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all gradients in place by {@code min(1, maxNorm / (norm + 1e-6))}, where norm is the L2
   * norm of all gradients concatenated, {@code sqrt(sum_i ||g_i||^2)}.
   *
   * @return the norm before clipping
   */
  public static double clipByGlobalNorm(List<NDArray> gradients, double maxNorm) {
    InvalidInputException.require(maxNorm > 0, "max gradient norm", "must be > 0", maxNorm);
    if (gradients.isEmpty()) {
      return 0;
    }
    double squared = 0;
    try (NDManager scope = NDManager.subManagerOf(gradients.get(0))) {
      scope.tempAttachAll(gradients.toArray(NDArray[]::new));
      for (NDArray g : gradients) {
        squared += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
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
}
