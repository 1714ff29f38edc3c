package org.replearn.core.bench;

import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * How far the machine's roofs moved while a bench ran: the probe measured before the kernels and
 * again after them. A kernel's {@code fractionOfRoofline} is held against the probe before; on a
 * shared host (other guests, frequency changes) the roofs can move by 2x within minutes, and a
 * fraction is then uncertain by about as much as the roofs moved. The change of a figure is {@code
 * |after - before| / max(before, after)}.
 *
 * @param figures per thread count measured both times, threads ascending
 * @param largestChange the largest change over all figures (FMA and read)
 * @param stable whether {@code largestChange <= TOLERANCE}
 */
public record RoofDrift(List<Figure> figures, double largestChange, boolean stable) {

  /**
   * The change up to which the roofs count as not having moved: a margin for the probe's repeat to
   * repeat spread, not a measured bound.
   */
  public static final double TOLERANCE = 0.15;

  /**
   * One thread count's figures before and after.
   *
   * @param threads threads working at once
   * @param fmaGflopsBefore FMA peak before the kernels (median of the probe's repeats)
   * @param fmaGflopsAfter the same after them
   * @param readGBpsBefore streaming read bandwidth before the kernels
   * @param readGBpsAfter the same after them
   */
  public record Figure(
      int threads,
      double fmaGflopsBefore,
      double fmaGflopsAfter,
      double readGBpsBefore,
      double readGBpsAfter) {}

  /** The drift from {@code before} to {@code after}, over the thread counts both measured. */
  public static RoofDrift between(MachineRoofline before, MachineRoofline after) {
    List<Figure> figures = new ArrayList<>();
    double largest = 0;
    for (MachineRoofline.ThreadFigure b : before.figures()) {
      for (MachineRoofline.ThreadFigure a : after.figures()) {
        if (a.threads() == b.threads()) {
          figures.add(
              new Figure(b.threads(), b.fmaGflops(), a.fmaGflops(), b.readGBps(), a.readGBps()));
          largest =
              Math.max(
                  largest,
                  Math.max(
                      change(b.fmaGflops(), a.fmaGflops()), change(b.readGBps(), a.readGBps())));
        }
      }
    }
    InvalidInputException.require(
        !figures.isEmpty(),
        "machine figures after the kernels",
        "must share a thread count with those before",
        after.figures());
    return new RoofDrift(List.copyOf(figures), largest, largest <= TOLERANCE);
  }

  /** |after - before| / max(before, after), for positive figures. */
  static double change(double before, double after) {
    return Math.abs(after - before) / Math.max(before, after);
  }
}
