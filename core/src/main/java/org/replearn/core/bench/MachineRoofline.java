package org.replearn.core.bench;

import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * The machine's roofs as measured by {@link MachineProbe} ({@code replearn bench machine --json}
 * prints this record; the kernel benches read it back with {@code --machine FILE}).
 *
 * @param cpuModel "model name" of /proc/cpuinfo, or "unknown"
 * @param vectorBits bits of the Vector API's preferred float species
 * @param floatLanes float lanes of that species
 * @param availableProcessors processors the JVM sees
 * @param lastLevelCacheBytes largest cache of cpu0 in /sys (0 if unknown)
 * @param readArrayBytes bytes of the array each thread streams (far beyond the last-level cache)
 * @param loadAverage the system's 1-minute load average when the measurement ended
 * @param figures one entry per thread count measured, threads ascending
 */
public record MachineRoofline(
    String cpuModel,
    int vectorBits,
    int floatLanes,
    int availableProcessors,
    long lastLevelCacheBytes,
    long readArrayBytes,
    double loadAverage,
    List<ThreadFigure> figures) {

  /**
   * The roofs with {@code threads} threads working at once.
   *
   * @param threads threads streaming or multiplying at once
   * @param readGBps streaming read bandwidth, 1e9 bytes per second, median over repeats
   * @param readGBpsSpread its min / median / max
   * @param fmaGflops FMA peak of the preferred species, 1e9 floating-point operations per second
   *     (an FMA counts 2 per lane), median over repeats
   * @param fmaGflopsSpread its min / median / max
   * @param divGflops float divisions of the preferred species, 1e9 per second (one per lane),
   *     median over repeats: the divider's throughput, a roof of its own for kernels that divide
   *     per element (see {@link Roofline#fractionCeiling()})
   * @param divGflopsSpread its min / median / max
   */
  public record ThreadFigure(
      int threads,
      double readGBps,
      Spread readGBpsSpread,
      double fmaGflops,
      Spread fmaGflopsSpread,
      double divGflops,
      Spread divGflopsSpread) {}

  public MachineRoofline {
    InvalidInputException.require(
        figures != null && !figures.isEmpty(), "machine figures", "must not be empty", figures);
    for (ThreadFigure f : figures) {
      InvalidInputException.require(
          f.threads() >= 1 && f.readGBps() > 0 && f.fmaGflops() > 0 && f.divGflops() > 0,
          "machine figure",
          "must have threads >= 1 and positive readGBps, fmaGflops and divGflops",
          f);
    }
    figures = List.copyOf(figures);
  }

  /**
   * The figure to hold a kernel running on {@code threads} threads against: the largest thread
   * count measured that is at most {@code threads}, or the smallest measured if all are larger.
   */
  public ThreadFigure figureFor(int threads) {
    ThreadFigure best = null;
    for (ThreadFigure f : figures) {
      if (f.threads() <= threads && (best == null || f.threads() > best.threads())) {
        best = f;
      }
    }
    if (best != null) {
      return best;
    }
    ThreadFigure smallest = figures.get(0);
    for (ThreadFigure f : figures) {
      if (f.threads() < smallest.threads()) {
        smallest = f;
      }
    }
    return smallest;
  }
}
