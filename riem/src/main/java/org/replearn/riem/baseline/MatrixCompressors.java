package org.replearn.riem.baseline;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.replearn.core.EnumIds;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.fit.FitConfig;
import org.replearn.riem.fit.FitResult;
import org.replearn.riem.fit.MinMaxQuantizer;
import org.replearn.riem.fit.RiemFitter;
import org.replearn.riem.layer.RiemKernel;
import org.replearn.riem.layer.RiemShape;
import org.replearn.riem.layer.StorageAccounting;

/**
 * Compresses one matrix with a chosen method to at most a target compression ratio (stored bits
 * over the float32 size), picking the method's size so it uses as much of the budget as it can:
 *
 * <ul>
 *   <li>{@code riem}: P, Q quantised to {@code bits}; the largest d with {@code m = clamp(round(d /
 *       4), 2, 14)} whose storage fits (d = 52 gives the notebook's m = 14 rule of thumb: m ~ d /
 *       4).
 *   <li>{@code svd}: U, V quantised to {@code bits}; the largest rank that fits.
 *   <li>{@code quantize}: the most bits per weight (1..16) that fit.
 *   <li>{@code prune}: the most kept entries that fit.
 * </ul>
 *
 * A budget that no setting meets falls back to the smallest setting (reported with its real ratio).
 */
public final class MatrixCompressors {
  private MatrixCompressors() {}

  /** The compression methods. */
  public enum Method {
    RIEM,
    SVD,
    QUANTIZE,
    PRUNE;

    /**
     * Parses {@code riem|svd|quantize|prune}, in any case.
     *
     * @throws InvalidInputException naming the allowed methods for any other
     */
    public static Method parse(String s) {
      return EnumIds.parse(Method.class, "method", s);
    }

    /** Lower-case name. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Settings shared by all methods.
   *
   * @param bits quantisation width of RieM's states and SVD's factors
   * @param step quantiser step rule
   * @param accounting how bits are counted
   * @param fit RieM fitting schedule (its d and m are replaced by the chosen ones)
   */
  public record Options(
      int bits, MinMaxQuantizer.Step step, StorageAccounting accounting, FitConfig fit) {
    /** 8 bits, 2^b levels, honest accounting, the fast schedule. */
    public static Options defaults() {
      return new Options(8, MinMaxQuantizer.Step.LEVELS, StorageAccounting.HONEST, null);
    }

    /** A copy with another fit schedule. */
    public Options withFit(FitConfig config) {
      return new Options(bits, step, accounting, config);
    }

    MinMaxQuantizer quantizer() {
      return new MinMaxQuantizer(bits, step);
    }
  }

  /** The metric width used with state dimension d: {@code clamp(round(14 d / 52), 2, 14)}. */
  public static int metricDimFor(int stateDim) {
    return Math.max(2, Math.min(14, Math.round(stateDim * 14f / 52)));
  }

  /** The largest d whose RieM storage fits {@code budgetBits} (at least 1). */
  public static int stateDimFor(int rows, int cols, long budgetBits, Options options) {
    int best = 1;
    for (int d = 1; d <= Math.max(rows, cols); d++) {
      RiemShape s = new RiemShape(rows, cols, d, metricDimFor(d));
      if (options.accounting().riemBits(s, options.bits()) <= budgetBits) {
        best = d;
      }
    }
    return best;
  }

  /**
   * Compresses W {@code [rows, cols]} with {@code method} to at most {@code rate} of its float32
   * size.
   */
  public static Compressed compress(
      Method method, float[] w, int rows, int cols, double rate, Options options, Seeds seeds) {
    InvalidInputException.require(rate > 0 && rate <= 1, "rate", "must be in (0, 1]", rate);
    long budget = (long) Math.floor(rate * StorageAccounting.FLOAT_BITS * rows * cols);
    return switch (method) {
      case RIEM -> riem(w, rows, cols, budget, options, seeds);
      case SVD -> svd(new TruncatedSvd(w, rows, cols), rows, cols, budget, options);
      case QUANTIZE -> quantize(w, rows, cols, budget, options);
      case PRUNE -> prune(w, rows, cols, budget, options);
    };
  }

  /** Rank-r SVD at the largest rank within {@code budgetBits}. */
  public static Compressed svd(
      TruncatedSvd svd, int rows, int cols, long budgetBits, Options options) {
    int rank = 1;
    for (int r = 1; r <= svd.maxRank(); r++) {
      if (options.accounting().svdBits(rows, cols, r, options.bits()) <= budgetBits) {
        rank = r;
      }
    }
    return svd.truncate(rank, options.quantizer(), options.accounting());
  }

  private static Compressed riem(
      float[] w, int rows, int cols, long budget, Options options, Seeds seeds) {
    int d = stateDimFor(rows, cols, budget, options);
    int m = metricDimFor(d);
    FitConfig base = options.fit() != null ? options.fit() : FitConfig.fast(d, m);
    FitConfig config = base.withSizes(d, m).withBitsAndThreads(options.bits(), base.threads());
    FitResult fit = new RiemFitter(config, options.step()).fit(w, rows, cols, seeds);
    return fromFit(fit, options, w);
  }

  /** The quantised RieM matrix of a fit, with its storage under {@code options}. */
  public static Compressed fromFit(FitResult fit, Options options, float[] target) {
    RiemShape shape = fit.shape();
    float[] quantized = options.quantizer().quantizeStates(shape, fit.parameters());
    float[] reconstruction;
    try (RiemKernel kernel = new RiemKernel(shape, null, 2)) {
      reconstruction = kernel.reconstruct(quantized);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("stateDim", shape.stateDim());
    settings.put("metricDim", shape.metricDim());
    settings.put("bits", options.bits());
    settings.put("steps", fit.mainStepsRun());
    settings.put("fullPrecisionError", fit.relativeError());
    return new Compressed(
        "riem",
        shape.rows(),
        shape.cols(),
        reconstruction,
        options.accounting().riemBits(shape, options.bits()),
        shape.parameterCount(),
        settings);
  }

  private static Compressed quantize(float[] w, int rows, int cols, long budget, Options options) {
    int bits = 1;
    for (int b = 1; b <= 16; b++) {
      long stored =
          (long) rows * cols * b
              + (options.accounting() == StorageAccounting.HONEST
                  ? 2L * rows * StorageAccounting.FLOAT_BITS
                  : 0);
      if (stored <= budget) {
        bits = b;
      }
    }
    return MinMaxQuantization.quantize(
        w, rows, cols, new MinMaxQuantizer(bits, options.step()), options.accounting());
  }

  private static Compressed prune(float[] w, int rows, int cols, long budget, Options options) {
    long kept = 0;
    long lo = 0;
    long hi = w.length;
    while (lo <= hi) {
      long mid = (lo + hi) >>> 1;
      if (MagnitudePruning.storedBits(rows, cols, mid, options.accounting()) <= budget) {
        kept = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return MagnitudePruning.prune(w, rows, cols, kept, options.accounting());
  }
}
