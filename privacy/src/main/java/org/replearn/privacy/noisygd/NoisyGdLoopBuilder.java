package org.replearn.privacy.noisygd;

/**
 * The settings of the NoisyGD loop that every NoisyGD-based config builds alike: T and eta
 * (required), q, the loss and the kernel threads (optional). {@link NoisyGdConfig.Builder} and the
 * probe's builder extend it with the rest of their settings.
 *
 * @param <B> the concrete builder, which every setter returns
 */
public abstract class NoisyGdLoopBuilder<B extends NoisyGdLoopBuilder<B>> {
  /** T, or null while unset. */
  protected Integer steps;

  /** eta, or null while unset. */
  protected Double learningRate;

  /** q (default 1: full-batch NoisyGD). */
  protected double samplingRate = 1;

  /** The loss (default cross-entropy). */
  protected Loss loss = Loss.CROSS_ENTROPY;

  /** Threads of the gradient kernel (default 1). */
  protected int threads = 1;

  protected NoisyGdLoopBuilder() {}

  /** NoisyGD steps T >= 1 (required). */
  public B setSteps(int v) {
    steps = v;
    return self();
  }

  /** eta > 0, applied to the noisy gradient sum, not the mean (required). */
  public B setLearningRate(double v) {
    learningRate = v;
    return self();
  }

  /** q in (0, 1] (default 1: full-batch NoisyGD; q < 1 is DP-SGD with Poisson sampling). */
  public B optSamplingRate(double v) {
    samplingRate = v;
    return self();
  }

  /** The loss (default cross-entropy). */
  public B optLoss(Loss v) {
    loss = v;
    return self();
  }

  /** Threads of the gradient kernel (default 1). */
  public B optThreads(int v) {
    threads = v;
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
