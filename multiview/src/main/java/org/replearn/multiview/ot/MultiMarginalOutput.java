package org.replearn.multiview.ot;

/**
 * The result of {@link MultiMarginalSinkhorn#solve}: immutable (arrays are copied in and out).
 * Non-convergence is data: check {@link #converged()} and the error trace.
 *
 * @param potentials f_0..f_{k-1}, {@code potentials[l]} is {@code [n_l]} (unique up to constants
 *     summing to zero; they follow ott-jax's sweep order from zero)
 * @param errors the error sum_l ||m_l(P) - a_l||_p at each check, every {@code innerIterations}
 *     sweeps and after the last one
 * @param iterations number of sweeps done
 * @param converged whether the last error is below the threshold
 * @param epsilon the entropic regularisation used
 * @param entRegCost the entropic OT value OT_eps(C) = sum_l &lt;f_l, a_l&gt; + eps (1 - sum P)
 *     (ott-jax's {@code ent_reg_cost}); at convergence it equals min_P &lt;P, C&gt; + eps &lt;P,
 *     log P&gt;
 * @param sweepSeconds wall time of the sweeps and error checks (the tensor build excluded)
 * @param coupling the plan, evaluated lazily
 */
public record MultiMarginalOutput(
    double[][] potentials,
    double[] errors,
    int iterations,
    boolean converged,
    double epsilon,
    double entRegCost,
    double sweepSeconds,
    Coupling coupling) {

  public MultiMarginalOutput {
    potentials = deepCopy(potentials);
    errors = errors.clone();
  }

  @Override
  public double[][] potentials() {
    return deepCopy(potentials);
  }

  @Override
  public double[] errors() {
    return errors.clone();
  }

  /** The last recorded error (NaN if none). */
  public double lastError() {
    return errors.length == 0 ? Double.NaN : errors[errors.length - 1];
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
