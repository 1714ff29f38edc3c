package org.replearn.riem.fit;

/**
 * Adam on a flat float vector, with {@code torch.optim.Adam} semantics (bias-corrected moments,
 * {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}, no weight decay). Defaults: betas (0.9, 0.999),
 * eps 1e-8.
 */
public final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final float[] first;
  private final float[] second;
  private long steps;

  /** State for a vector of {@code size} parameters. */
  public Adam(int size) {
    this.first = new float[size];
    this.second = new float[size];
  }

  /** Steps taken so far. */
  public long steps() {
    return steps;
  }

  /** One update of {@code params} in place with gradient {@code grad} and learning rate lr. */
  public void step(float[] params, float[] grad, double lr) {
    steps++;
    float b1 = (float) BETA1;
    float b2 = (float) BETA2;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double correction2 = 1 - Math.pow(BETA2, steps);
    float stepSize = (float) (lr / correction1);
    float sqrtCorrection2 = (float) Math.sqrt(correction2);
    float eps = (float) EPS;
    for (int i = 0; i < params.length; i++) {
      float g = grad[i];
      float m = b1 * first[i] + (1 - b1) * g;
      float v = b2 * second[i] + (1 - b2) * g * g;
      first[i] = m;
      second[i] = v;
      params[i] -= stepSize * m / ((float) Math.sqrt(v) / sqrtCorrection2 + eps);
    }
  }
}
