package org.replearn.core.bench;

/**
 * The work of one kernel step, counted from the kernel's loops (not measured).
 *
 * @param flops floating-point operations (a multiply-add counts 2), exponentials excluded;
 *     divisions are included (1 each)
 * @param bytesRead bytes the step must read at least once (its inputs, parameters and optimiser
 *     state): the compulsory traffic, a lower bound of what crosses the memory bus
 * @param exps exponentials (sigmoid, tanh and softmax each need one per element)
 * @param divisions float divisions, lane by lane (a sigmoid {@code 1 / (1 + e^-x)} needs one per
 *     element): they are also counted in {@code flops}, and {@link Roofline} holds them against the
 *     machine's division rate as well, since a divider is far slower than the FMA units
 */
public record Work(double flops, double bytesRead, double exps, double divisions) {
  /** No work. */
  public static final Work NONE = new Work(0, 0, 0, 0);

  public Work {
    if (!(flops >= 0) || !(bytesRead >= 0) || !(exps >= 0) || !(divisions >= 0)) {
      throw new IllegalArgumentException(
          "work counts must be finite and >= 0, found flops="
              + flops
              + " bytesRead="
              + bytesRead
              + " exps="
              + exps
              + " divisions="
              + divisions);
    }
  }

  /** Work without divisions. */
  public Work(double flops, double bytesRead, double exps) {
    this(flops, bytesRead, exps, 0);
  }

  /** Both steps' work. */
  public Work plus(Work other) {
    return new Work(
        flops + other.flops,
        bytesRead + other.bytesRead,
        exps + other.exps,
        divisions + other.divisions);
  }

  /** {@code factor} times this work (e.g. the models of a batch). */
  public Work times(double factor) {
    return new Work(flops * factor, bytesRead * factor, exps * factor, divisions * factor);
  }

  /**
   * Floating-point operations with each exponential counted at {@link Roofline#FLOPS_PER_EXP}: what
   * the compute roof is compared with.
   */
  public double flopsWithExps() {
    return flops + Roofline.FLOPS_PER_EXP * exps;
  }

  /**
   * Operations per byte read ({@link #flopsWithExps()} / bytesRead); infinite if nothing is read.
   */
  public double arithmeticIntensity() {
    return bytesRead == 0 ? Double.POSITIVE_INFINITY : flopsWithExps() / bytesRead;
  }
}
