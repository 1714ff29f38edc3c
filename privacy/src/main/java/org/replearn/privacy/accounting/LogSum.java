package org.replearn.privacy.accounting;

/**
 * A running sum of signed terms that are given by their logs, log(sum_i +-exp(l_i)), kept as
 * exp(scale) * sum with scale the largest log seen so far: adding a term costs one exp (a log-space
 * add costs an exp and a log1p), and the log is taken once, when the value is read.
 */
final class LogSum {
  private double scale = Double.NEGATIVE_INFINITY;
  private double sum;

  /** Adds exp(logTerm). */
  void add(double logTerm) {
    accumulate(logTerm, false);
  }

  /**
   * Subtracts exp(logTerm).
   *
   * @throws ArithmeticException if the sum would become negative
   */
  void subtract(double logTerm) {
    accumulate(logTerm, true);
  }

  private void accumulate(double logTerm, boolean negative) {
    if (logTerm == Double.NEGATIVE_INFINITY) {
      return;
    }
    double term;
    if (logTerm > scale) {
      sum *= Math.exp(scale - logTerm);
      scale = logTerm;
      term = 1;
    } else {
      term = Math.exp(logTerm - scale);
    }
    sum += negative ? -term : term;
    if (sum < 0) {
      throw new ArithmeticException(
          "log-space sum would be negative after subtracting exp(" + logTerm + ")");
    }
  }

  /** log of the sum; -infinity for an empty (or exactly cancelled) sum. */
  double log() {
    return scale + Math.log(sum);
  }

  /** log(exp(a.log()) + exp(b.log())). */
  static double logOfBoth(LogSum a, LogSum b) {
    double scale = Math.max(a.scale, b.scale);
    if (scale == Double.NEGATIVE_INFINITY) {
      return scale;
    }
    return scale + Math.log(a.sum * Math.exp(a.scale - scale) + b.sum * Math.exp(b.scale - scale));
  }
}
