package org.replearn.riem.fit;

import java.util.function.Consumer;
import org.replearn.core.InvalidInputException;

/**
 * Settings of one RieM fit: sizes, the initialisation search, the main run and its schedule.
 *
 * <p>Two schedules are built in: {@link #official} copies the notebook (lr 5e-5 constant, 100
 * restarts of 5,000 steps, up to 1,000,001 main steps, error checked every 5,000 steps) and {@link
 * #fast} is the default (lr 1e-2 with cosine decay to 1% of it, 4 restarts of 250 steps, 10,000
 * main steps, metric init 6x wider than {@code nn.Linear}'s; on a 64 x 128 Gaussian matrix it
 * reaches about 0.16 at 12,000 steps where lr 1e-3 constant needs 40,000 for 0.23). Both keep the
 * best parameters seen at a check and use the official early stop: after {@code earlyStopFraction}
 * of the main steps, a check whose error improved by less than {@code earlyStopTolerance} counts as
 * a fail, and {@code earlyStopPatience} fails end the run.
 *
 * @param stateDim d
 * @param metricDim m
 * @param restarts R random initialisations in the search (1: no search)
 * @param searchSteps S Adam steps per restart
 * @param mainSteps steps of the main run continuing the best restart (with its Adam state)
 * @param learningRate peak Adam learning rate
 * @param cosineDecay whether the main run's lr decays from learningRate to learningRate/100 by a
 *     cosine (the search uses the constant rate)
 * @param checkEvery steps between error checks of the main run
 * @param earlyStopFraction fraction of mainSteps after which fails are counted (official 0.8)
 * @param earlyStopTolerance an improvement below this is a fail (official 5e-6)
 * @param earlyStopPatience fails that stop the run (official 5)
 * @param selectionBits bits of the quantised error used to select restarts and checkpoints (32:
 *     full precision; official 8)
 * @param threads kernel threads
 * @param metricInitGain the metric MLP's A_k, c_k start as U(+-gain/sqrt(d)) (official: 1,
 *     PyTorch's {@code nn.Linear} init; fast: 6, which spreads the initial pre-activations over the
 *     sigmoid's curved range and shortens the initial plateau on trained layers about threefold)
 */
public record FitConfig(
    int stateDim,
    int metricDim,
    int restarts,
    int searchSteps,
    int mainSteps,
    double learningRate,
    boolean cosineDecay,
    int checkEvery,
    double earlyStopFraction,
    double earlyStopTolerance,
    int earlyStopPatience,
    int selectionBits,
    int threads,
    double metricInitGain) {

  public FitConfig {
    InvalidInputException.requirePositive(stateDim, "stateDim");
    InvalidInputException.requirePositive(metricDim, "metricDim");
    InvalidInputException.requireAtLeast(restarts, 1, "restarts");
    InvalidInputException.requireAtLeast(searchSteps, 0, "searchSteps");
    InvalidInputException.requireAtLeast(mainSteps, 0, "mainSteps");
    InvalidInputException.requireFinitePositive(learningRate, "learningRate");
    InvalidInputException.requireAtLeast(checkEvery, 1, "checkEvery");
    InvalidInputException.require(
        earlyStopFraction >= 0 && earlyStopFraction <= 1,
        "earlyStopFraction",
        "must be in [0, 1]",
        earlyStopFraction);
    InvalidInputException.requireAtLeast(earlyStopPatience, 1, "earlyStopPatience");
    InvalidInputException.requireBetween(selectionBits, 1, 32, "selectionBits");
    InvalidInputException.requireAtLeast(threads, 1, "threads");
    InvalidInputException.requireFinitePositive(metricInitGain, "metricInitGain");
  }

  /** The official notebook's schedule for d and m. */
  public static FitConfig official(int stateDim, int metricDim) {
    return new FitConfig(
        stateDim, metricDim, 100, 5_000, 1_000_001, 5e-5, false, 5_000, 0.8, 5e-6, 5, 8, 2, 1);
  }

  /** The faster default schedule for d and m. */
  public static FitConfig fast(int stateDim, int metricDim) {
    return new FitConfig(
        stateDim, metricDim, 4, 250, 10_000, 1e-2, true, 500, 0.8, 5e-6, 5, 8, 2, 6);
  }

  /** A copy with state dimension d and metric width m. */
  public FitConfig withSizes(int d, int m) {
    return copy(
        f -> {
          f.stateDim = d;
          f.metricDim = m;
        });
  }

  /** A copy with R restarts of S steps. */
  public FitConfig withSearch(int restarts, int searchSteps) {
    return copy(
        f -> {
          f.restarts = restarts;
          f.searchSteps = searchSteps;
        });
  }

  /** A copy with the given main-run steps (checks at most every tenth of them). */
  public FitConfig withMainSteps(int steps) {
    return copy(
        f -> {
          f.mainSteps = steps;
          f.checkEvery = Math.max(1, Math.min(checkEvery, Math.max(1, steps / 10)));
        });
  }

  /** A copy with the given learning rate. */
  public FitConfig withLearningRate(double lr) {
    return copy(f -> f.learningRate = lr);
  }

  /** A copy with the given selection bits and threads. */
  public FitConfig withBitsAndThreads(int bits, int kernelThreads) {
    return copy(
        f -> {
          f.selectionBits = bits;
          f.threads = kernelThreads;
        });
  }

  private FitConfig copy(Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return f.build();
  }

  /** The fields of a config, changed one by one to build a copy. */
  private static final class Fields {
    int stateDim;
    int metricDim;
    int restarts;
    int searchSteps;
    int mainSteps;
    double learningRate;
    boolean cosineDecay;
    int checkEvery;
    double earlyStopFraction;
    double earlyStopTolerance;
    int earlyStopPatience;
    int selectionBits;
    int threads;
    double metricInitGain;

    Fields(FitConfig c) {
      stateDim = c.stateDim;
      metricDim = c.metricDim;
      restarts = c.restarts;
      searchSteps = c.searchSteps;
      mainSteps = c.mainSteps;
      learningRate = c.learningRate;
      cosineDecay = c.cosineDecay;
      checkEvery = c.checkEvery;
      earlyStopFraction = c.earlyStopFraction;
      earlyStopTolerance = c.earlyStopTolerance;
      earlyStopPatience = c.earlyStopPatience;
      selectionBits = c.selectionBits;
      threads = c.threads;
      metricInitGain = c.metricInitGain;
    }

    FitConfig build() {
      return new FitConfig(
          stateDim,
          metricDim,
          restarts,
          searchSteps,
          mainSteps,
          learningRate,
          cosineDecay,
          checkEvery,
          earlyStopFraction,
          earlyStopTolerance,
          earlyStopPatience,
          selectionBits,
          threads,
          metricInitGain);
    }
  }

  /** The main run's learning rate at {@code step} (0-based). */
  public double learningRateAt(int step) {
    if (!cosineDecay || mainSteps <= 1) {
      return learningRate;
    }
    double floor = learningRate / 100;
    double progress = Math.min(1.0, step / (double) (mainSteps - 1));
    return floor + 0.5 * (learningRate - floor) * (1 + Math.cos(Math.PI * progress));
  }
}
