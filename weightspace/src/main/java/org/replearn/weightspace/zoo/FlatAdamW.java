package org.replearn.weightspace.zoo;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.train.AdamW;

/**
 * AdamW over one model's flat parameter vector in plain Java, as {@code torch.optim.AdamW} computes
 * it in float32 (single-tensor path), with the model's own decoupled weight decay:
 *
 * <pre>
 *   theta <- theta (1 - lr lambda)
 *   m <- beta1 m + (1 - beta1) g          v <- beta2 v + (1 - beta2) g^2
 *   theta <- theta - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * One fused pass over the P entries; the zoo trainer keeps m and v per model.
 */
final class FlatAdamW {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private final AdamW.Config config;

  /** Uses betas and eps of {@code config}; its weight decay is ignored (each model has its own). */
  FlatAdamW(AdamW.Config config) {
    this.config = config;
  }

  /**
   * One update of {@code theta} in place.
   *
   * @param theta parameters [P]
   * @param grad gradient [P]
   * @param m first moment [P], updated
   * @param v second moment [P], updated
   * @param t the step number, 1 for the first update
   * @param lr learning rate
   * @param weightDecay this model's lambda
   */
  void step(
      float[] theta, float[] grad, float[] m, float[] v, long t, double lr, double weightDecay) {
    float beta1 = (float) config.beta1();
    float beta2 = (float) config.beta2();
    float decay = (float) (1 - lr * weightDecay);
    float stepSize = (float) (lr / (1 - StrictMath.pow(config.beta1(), t)));
    float correction2 = (float) Math.sqrt(1 - StrictMath.pow(config.beta2(), t));
    float eps = (float) config.eps();
    int i = 0;
    for (; i < S.loopBound(theta.length); i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, grad, i);
      FloatVector m1 = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(1 - beta1));
      FloatVector v1 = FloatVector.fromArray(S, v, i).mul(beta2).add(g.mul(g).mul(1 - beta2));
      FloatVector denominator = v1.sqrt().div(correction2).add(eps);
      FloatVector.fromArray(S, theta, i)
          .mul(decay)
          .sub(m1.mul(stepSize).div(denominator))
          .intoArray(theta, i);
      m1.intoArray(m, i);
      v1.intoArray(v, i);
    }
    for (; i < theta.length; i++) {
      float g = grad[i];
      m[i] = m[i] * beta1 + g * (1 - beta1);
      v[i] = v[i] * beta2 + g * g * (1 - beta2);
      float denominator = (float) Math.sqrt(v[i]) / correction2 + eps;
      theta[i] = theta[i] * decay - m[i] * stepSize / denominator;
    }
  }
}
