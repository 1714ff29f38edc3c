package org.replearn.core.bench;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.replearn.core.InvalidInputException;

/**
 * Warms a step up ({@link WarmUp}) and then times {@code repeats} samples of it.
 *
 * <p>Usage: {@code StepTimer.Result r = StepTimer.measure(WarmUp.forSeconds(3), 21, i ->
 * kernel.step());} then {@code r.seconds()} holds min / median / max seconds per step. Steps of a
 * few microseconds are timed in samples of several steps ({@link #measureBatched}), so that each
 * sample lasts long enough for the clock.
 */
public final class StepTimer {
  private StepTimer() {}

  /**
   * A measurement.
   *
   * @param warmUp how the warm-up went
   * @param stepsPerSample steps in each timed sample
   * @param seconds min / median / max seconds per step over the samples
   * @param samples every sample's seconds per step, in order
   */
  public record Result(
      WarmUp.Outcome warmUp, long stepsPerSample, Spread seconds, double[] samples) {
    /** Steps timed in all. */
    public long timedSteps() {
      return stepsPerSample * samples.length;
    }
  }

  /** Times single steps with System.nanoTime. */
  public static Result measure(WarmUp warmUp, int repeats, LongConsumer step) {
    return measure(warmUp, repeats, step, System::nanoTime);
  }

  /**
   * Runs the warm-up, then {@code repeats} timed single steps (their indices continue after the
   * warm-up's).
   */
  public static Result measure(
      WarmUp warmUp, int repeats, LongConsumer step, LongSupplier nanoClock) {
    return measureBatched(warmUp, repeats, 0, step, nanoClock);
  }

  /**
   * Runs the warm-up, then {@code repeats} samples of {@code max(1, round(rate x
   * secondsPerSample))} steps each, where rate is the warm-up's last window rate (or its mean rate
   * where no window completed).
   */
  public static Result measureBatched(
      WarmUp warmUp, int repeats, double secondsPerSample, LongConsumer step) {
    return measureBatched(warmUp, repeats, secondsPerSample, step, System::nanoTime);
  }

  /** As {@link #measureBatched(WarmUp, int, double, LongConsumer)} with an injected clock. */
  public static Result measureBatched(
      WarmUp warmUp,
      int repeats,
      double secondsPerSample,
      LongConsumer step,
      LongSupplier nanoClock) {
    InvalidInputException.require(repeats >= 1, "repeats", "must be >= 1", repeats);
    InvalidInputException.require(
        secondsPerSample >= 0 && Double.isFinite(secondsPerSample),
        "seconds per sample",
        "must be finite and >= 0",
        secondsPerSample);
    WarmUp.Outcome outcome = warmUp.run(step, nanoClock);
    double rate =
        Double.isFinite(outcome.lastRate())
            ? outcome.lastRate()
            : outcome.seconds() > 0 ? outcome.steps() / outcome.seconds() : 1;
    long batch = Math.max(1, Math.round(Math.min(1e9, rate * secondsPerSample)));
    long index = outcome.steps();
    double[] samples = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = nanoClock.getAsLong();
      for (long b = 0; b < batch; b++) {
        step.accept(index++);
      }
      samples[r] = (nanoClock.getAsLong() - t0) / 1e9 / batch;
    }
    return new Result(outcome, batch, Spread.of(samples), samples);
  }
}
