package org.replearn.core.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * AdamW (Loshchilov and Hutter 2019, Algorithm 2) over a flat float32 parameter vector in plain
 * Java, with {@code torch.optim.AdamW}'s bias correction and epsilon placement ({@code
 * torch/optim/adamw.py}, single-tensor path):
 *
 * <pre>
 *   theta <- theta (1 - lr lambda)
 *   m <- beta1 m + (1 - beta1) g          v <- beta2 v + (1 - beta2) g^2
 *   theta <- theta - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * With lambda = 0 this is Adam ({@code torch.optim.Adam}). One fused SIMD pass over the P entries;
 * the lanes and the scalar tail do the same float operations in the same order, so the result does
 * not depend on the vector width or on where the tail starts. {@link AdamW} is the same update on
 * DJL NDArrays.
 *
 * <p>Two callers pin their results bit for bit and round two steps differently, so both orders are
 * kept as a {@link Rounding} option rather than unified (unifying would move every stored zoo or
 * every RieM fit by a few ulps): see {@link Rounding#SQUARE_FIRST} and {@link
 * Rounding#SCALE_FIRST}.
 */
public final class FlatAdamW {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Float rounding order of the second-moment increment and of the bias-correction powers. */
  public enum Rounding {
    /**
     * {@code v <- beta2 v + (g g) (1 - beta2)}, beta^t by {@code StrictMath.pow}: the zoo trainer's
     * order (weightspace {@code ZooTrainer}), whose output files tests compare byte for byte.
     */
    SQUARE_FIRST,
    /**
     * {@code v <- beta2 v + ((1 - beta2) g) g} (the operand order of torch's {@code addcmul_(g, g,
     * value=1 - beta2)}), beta^t by {@code Math.pow}: the RieM fitter's order (riem {@code
     * RiemFitter}).
     */
    SCALE_FIRST
  }

  private final AdamW.Config config;
  private final Rounding rounding;

  /**
   * @param config betas and eps; its weight decay is not used here (pass lambda to {@link #step},
   *     since the zoo trainer gives each model its own)
   * @param rounding the float rounding order ({@link Rounding})
   */
  public FlatAdamW(AdamW.Config config, Rounding rounding) {
    this.config = config;
    this.rounding = rounding;
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
   * @param weightDecay decoupled weight decay lambda (0 for Adam)
   */
  public void step(
      float[] theta, float[] grad, float[] m, float[] v, long t, double lr, double weightDecay) {
    boolean squareFirst = rounding == Rounding.SQUARE_FIRST;
    double power1 = squareFirst ? StrictMath.pow(config.beta1(), t) : Math.pow(config.beta1(), t);
    double power2 = squareFirst ? StrictMath.pow(config.beta2(), t) : Math.pow(config.beta2(), t);
    float beta1 = (float) config.beta1();
    float beta2 = (float) config.beta2();
    float decay = (float) (1 - lr * weightDecay);
    float stepSize = (float) (lr / (1 - power1));
    float correction2 = (float) Math.sqrt(1 - power2);
    float eps = (float) config.eps();
    int i = 0;
    for (; i < S.loopBound(theta.length); i += S.length()) {
      FloatVector g = FloatVector.fromArray(S, grad, i);
      FloatVector m1 = FloatVector.fromArray(S, m, i).mul(beta1).add(g.mul(1 - beta1));
      FloatVector increment = squareFirst ? g.mul(g).mul(1 - beta2) : g.mul(1 - beta2).mul(g);
      FloatVector v1 = FloatVector.fromArray(S, v, i).mul(beta2).add(increment);
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
      v[i] = v[i] * beta2 + (squareFirst ? g * g * (1 - beta2) : (1 - beta2) * g * g);
      float denominator = (float) Math.sqrt(v[i]) / correction2 + eps;
      theta[i] = theta[i] * decay - m[i] * stepSize / denominator;
    }
  }
}
