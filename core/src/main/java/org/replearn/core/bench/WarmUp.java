package org.replearn.core.bench;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.replearn.core.InvalidInputException;

/**
 * A time-based warm-up that runs untimed steps until their rate is stable, as JMH warms up by time
 * ({@code @Warmup(time = ...)}) rather than by a count of calls: until C2 has compiled a kernel's
 * vector loops, its steps run in profiled code with boxed vectors and take several times longer,
 * and how many steps that lasts depends on the size and the machine.
 *
 * <p>Stopping rule: steps are grouped into windows of at least {@code windowSeconds} (and at least
 * one step); after each window its rate (steps per second) is compared with the previous window's.
 * The warm-up ends
 *
 * <ul>
 *   <li>{@link Reason#STABLE} when at least {@code minSeconds} have passed, at least {@code
 *       minSteps} steps have run and the last two windows' rates differ by at most {@code
 *       tolerance} times the larger of the two;
 *   <li>{@link Reason#TIME_LIMIT} when {@code maxSeconds} have passed (and {@code minSteps} have
 *       run) without that: the rate never settled, as on a machine shared with other work;
 *   <li>{@link Reason#MIN_STEPS} at once after {@code minSteps} steps when {@code minSeconds} is 0
 *       (no warm-up asked for).
 * </ul>
 *
 * <p>Elapsed time is the sum of the steps' own durations, so the rule can be fed a sequence of step
 * times ({@link Tracker}) as well as run with a clock ({@link #run(LongConsumer, LongSupplier)}).
 *
 * @param minSeconds warm up for at least this long (0: only {@code minSteps} steps)
 * @param maxSeconds stop warming up after this long even if the rate moves (>= minSeconds)
 * @param windowSeconds length of a rate window (> 0)
 * @param tolerance relative rate change below which two windows agree, in (0, 1)
 * @param minSteps untimed steps run in any case (>= 1)
 */
public record WarmUp(
    double minSeconds, double maxSeconds, double windowSeconds, double tolerance, int minSteps) {

  /** Default relative tolerance between two consecutive windows' rates. */
  public static final double DEFAULT_TOLERANCE = 0.05;

  /** Why a warm-up ended. */
  public enum Reason {
    /** Two consecutive windows agreed within the tolerance after the minimum time. */
    STABLE,
    /** The maximum time passed first. */
    TIME_LIMIT,
    /** No warm-up time was asked for: only the minimum steps ran. */
    MIN_STEPS
  }

  /**
   * How a warm-up went.
   *
   * @param steps untimed steps run
   * @param seconds their summed duration
   * @param reason why it stopped
   * @param windows rate windows completed
   * @param lastRate steps per second of the last completed window (NaN if none)
   */
  public record Outcome(long steps, double seconds, Reason reason, int windows, double lastRate) {}

  public WarmUp {
    InvalidInputException.require(
        minSeconds >= 0 && Double.isFinite(minSeconds),
        "warm-up seconds",
        "must be finite and >= 0",
        minSeconds);
    InvalidInputException.require(
        maxSeconds >= minSeconds && Double.isFinite(maxSeconds),
        "maximum warm-up seconds",
        "must be finite and >= the minimum " + minSeconds,
        maxSeconds);
    InvalidInputException.require(
        windowSeconds > 0 && Double.isFinite(windowSeconds),
        "warm-up window seconds",
        "must be finite and > 0",
        windowSeconds);
    InvalidInputException.require(
        tolerance > 0 && tolerance < 1, "warm-up tolerance", "must be in (0, 1)", tolerance);
    InvalidInputException.require(minSteps >= 1, "warm-up steps", "must be >= 1", minSteps);
  }

  /**
   * The warm-up the bench commands use for {@code --warmup-seconds S}: at least S seconds, at most
   * 3 S, windows of S / 5 (at least 10 ms), 5% tolerance, at least 2 steps.
   */
  public static WarmUp forSeconds(double minSeconds) {
    InvalidInputException.require(
        minSeconds >= 0 && Double.isFinite(minSeconds),
        "warm-up seconds",
        "must be finite and >= 0",
        minSeconds);
    return new WarmUp(
        minSeconds, 3 * minSeconds, Math.max(0.01, minSeconds / 5), DEFAULT_TOLERANCE, 2);
  }

  /** A fresh stopping rule to feed step durations to. */
  public Tracker tracker() {
    return new Tracker();
  }

  /**
   * Runs {@code step} (given its index from 0) until the warm-up ends, timed by System.nanoTime.
   */
  public Outcome run(LongConsumer step) {
    return run(step, System::nanoTime);
  }

  /** Runs {@code step} until the warm-up ends, each step timed by {@code nanoClock}. */
  public Outcome run(LongConsumer step, LongSupplier nanoClock) {
    Tracker tracker = tracker();
    long index = 0;
    while (!tracker.done()) {
      long t0 = nanoClock.getAsLong();
      step.accept(index++);
      tracker.record(nanoClock.getAsLong() - t0);
    }
    return tracker.outcome();
  }

  /** The stopping rule, fed one step duration at a time. Not thread-safe. */
  public final class Tracker {
    private long steps;
    private double seconds;
    private long windowSteps;
    private double windowSeconds;
    private double previousRate = Double.NaN;
    private double lastRate = Double.NaN;
    private int windows;
    private Reason reason;

    private Tracker() {}

    /**
     * Records one untimed step of {@code nanos} nanoseconds.
     *
     * @return whether the warm-up is over (then further calls are refused)
     */
    public boolean record(long nanos) {
      if (reason != null) {
        throw new IllegalStateException("the warm-up is over after " + steps + " steps");
      }
      double s = Math.max(0, nanos) / 1e9;
      steps++;
      seconds += s;
      windowSteps++;
      windowSeconds += s;
      if (minSeconds == 0) {
        if (steps >= minSteps) {
          reason = Reason.MIN_STEPS;
        }
        return done();
      }
      if (windowSeconds >= WarmUp.this.windowSeconds) {
        previousRate = lastRate;
        lastRate = windowSteps / windowSeconds;
        windows++;
        windowSteps = 0;
        windowSeconds = 0;
        if (seconds >= minSeconds && steps >= minSteps && agree(previousRate, lastRate)) {
          reason = Reason.STABLE;
        }
      }
      if (reason == null && seconds >= maxSeconds && steps >= minSteps) {
        reason = Reason.TIME_LIMIT;
      }
      return done();
    }

    /** Whether the warm-up is over. */
    public boolean done() {
      return reason != null;
    }

    /** The warm-up so far. */
    public Outcome outcome() {
      return new Outcome(steps, seconds, reason, windows, lastRate);
    }

    private boolean agree(double a, double b) {
      return Double.isFinite(a) && Math.abs(a - b) <= tolerance * Math.max(a, b);
    }
  }
}
