package org.replearn.core.train;

import java.util.Arrays;
import org.replearn.core.InvalidInputException;

/** A learning rate as a function of the update index (0-based). */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate to use for update {@code step}. */
  double at(long step);

  /** The same rate at every step. */
  static LearningRateSchedule constant(double rate) {
    InvalidInputException.require(rate > 0, "learning rate", "must be > 0", rate);
    return step -> rate;
  }

  /**
   * Linear interpolation between knots {@code (steps[i], rates[i])}, constant before the first and
   * after the last. The RNN zoo recipe is {@code piecewiseLinear({0, 10000, 20000}, {0.01, 0.003,
   * 0.0003})}.
   *
   * @param steps strictly increasing update indices
   * @param rates the rate at each knot, >= 0
   */
  static LearningRateSchedule piecewiseLinear(long[] steps, double[] rates) {
    InvalidInputException.require(
        steps.length == rates.length && steps.length > 0,
        "schedule knots",
        "need as many steps as rates (>= 1)",
        steps.length + " steps, " + rates.length + " rates");
    for (int i = 1; i < steps.length; i++) {
      InvalidInputException.require(
          steps[i] > steps[i - 1],
          "schedule steps",
          "must increase strictly",
          Arrays.toString(steps));
    }
    for (double rate : rates) {
      InvalidInputException.require(
          rate >= 0 && Double.isFinite(rate),
          "schedule rates",
          "must be finite and >= 0",
          Arrays.toString(rates));
    }
    long[] s = steps.clone();
    double[] r = rates.clone();
    return step -> {
      if (step <= s[0]) {
        return r[0];
      }
      for (int i = 1; i < s.length; i++) {
        if (step <= s[i]) {
          double f = (double) (step - s[i - 1]) / (s[i] - s[i - 1]);
          return r[i - 1] + f * (r[i] - r[i - 1]);
        }
      }
      return r[r.length - 1];
    };
  }

  /**
   * Linear warm-up from 0 over {@code warmup} steps to {@code peak}, then cosine decay to {@code
   * floor} at {@code total}: {@code floor + (peak - floor) (1 + cos(pi p)) / 2} with progress p in
   * [0, 1]; constant {@code floor} after {@code total}.
   *
   * @param peak the rate after warm-up, > 0
   * @param floor the final rate, in [0, peak]
   */
  static LearningRateSchedule warmupCosine(long warmup, long total, double peak, double floor) {
    InvalidInputException.require(
        total > warmup && warmup >= 0,
        "schedule",
        "needs 0 <= warmup < total",
        warmup + "/" + total);
    InvalidInputException.require(peak > 0, "schedule peak rate", "must be > 0", peak);
    InvalidInputException.require(
        floor >= 0 && floor <= peak, "schedule floor rate", "must be in [0, peak]", floor);
    return step -> {
      if (step < warmup) {
        return peak * (step + 1) / warmup;
      }
      double progress = Math.min(1.0, (double) (step - warmup) / (total - warmup));
      return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    };
  }
}
