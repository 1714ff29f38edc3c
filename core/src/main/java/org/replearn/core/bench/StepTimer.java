package org.replearn.core.bench;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.replearn.core.InvalidInputException;

/**
 * Warms a step up ({@link WarmUp}) and then times {@code repeats} calls of it one by one.
 *
 * <p>Usage: {@code StepTimer.Result r = StepTimer.measure(WarmUp.forSeconds(3), 21, i ->
 * kernel.step());} then {@code r.seconds()} holds min / median / max seconds per step.
 */
public final class StepTimer {
  private StepTimer() {}

  /**
   * A measurement.
   *
   * @param warmUp how the warm-up went
   * @param seconds min / median / max seconds of the timed calls
   * @param samples every timed call's seconds, in order
   */
  public record Result(WarmUp.Outcome warmUp, Spread seconds, double[] samples) {}

  /** Times with System.nanoTime. */
  public static Result measure(WarmUp warmUp, int repeats, LongConsumer step) {
    return measure(warmUp, repeats, step, System::nanoTime);
  }

  /**
   * Runs the warm-up, then {@code repeats} timed calls (their indices continue after the
   * warm-up's).
   */
  public static Result measure(
      WarmUp warmUp, int repeats, LongConsumer step, LongSupplier nanoClock) {
    InvalidInputException.require(repeats >= 1, "repeats", "must be >= 1", repeats);
    WarmUp.Outcome outcome = warmUp.run(step, nanoClock);
    long index = outcome.steps();
    double[] samples = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = nanoClock.getAsLong();
      step.accept(index++);
      samples[r] = (nanoClock.getAsLong() - t0) / 1e9;
    }
    return new Result(outcome, Spread.of(samples), samples);
  }
}
