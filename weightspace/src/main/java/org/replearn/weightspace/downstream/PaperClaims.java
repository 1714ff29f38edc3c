package org.replearn.weightspace.downstream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.encoder.EncoderKind;

/**
 * What the paper reports for the encoder comparison (Herrmann, Faccio and Schmidhuber, ICML 2024):
 * its Table 2 (validation emulation loss, mean and 95% interval over 15 seeds, as given by a
 * summary of the paper that was not checked against the PDF) and the comparative claims of Table 2
 * and Fig. 8 (OOD task prediction; the figure's numbers were not accessible, only its ordering), as
 * {@link Claim}s over the encoders' CLI names.
 */
public final class PaperClaims {
  private PaperClaims() {}

  /**
   * One cell of Table 2.
   *
   * @param mean mean over 15 seeds
   * @param low lower end of the 95% interval
   * @param high upper end
   */
  public record Table2Cell(double mean, double low, double high) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.3f (%.3f, %.3f)", mean, low, high);
    }
  }

  /** Table 2, formal languages column. */
  public static final Map<EncoderKind, Table2Cell> TABLE2_FORMAL_LANGUAGES =
      Map.of(
          EncoderKind.STATS, new Table2Cell(0.051, 0.050, 0.053),
          EncoderKind.FLAT, new Table2Cell(0.045, 0.045, 0.046),
          EncoderKind.TRANSFORMER, new Table2Cell(0.043, 0.042, 0.044),
          EncoderKind.DWS, new Table2Cell(0.046, 0.046, 0.046),
          EncoderKind.NONINTERACTIVE, new Table2Cell(0.023, 0.019, 0.029),
          EncoderKind.INTERACTIVE, new Table2Cell(0.015, 0.008, 0.022));

  /** Table 2, sequential-MNIST column. */
  public static final Map<EncoderKind, Table2Cell> TABLE2_MNIST =
      Map.of(
          EncoderKind.STATS, new Table2Cell(0.039, 0.038, 0.039),
          EncoderKind.FLAT, new Table2Cell(0.024, 0.024, 0.024),
          EncoderKind.TRANSFORMER, new Table2Cell(0.067, 0.067, 0.067),
          EncoderKind.DWS, new Table2Cell(0.024, 0.023, 0.025),
          EncoderKind.NONINTERACTIVE, new Table2Cell(0.017, 0.016, 0.017),
          EncoderKind.INTERACTIVE, new Table2Cell(0.017, 0.017, 0.018));

  /** The paper's Fig. 8 ordering of OOD task prediction, in words. */
  public static String figure8(boolean formalLanguages) {
    return formalLanguages
        ? "pre-trained interactive probing clearly best at predicting the OOD task, ahead of every"
            + " other encoder"
        : "both probing encoders better than every mechanistic encoder at predicting the OOD"
            + " rotation angle";
  }

  /**
   * The claims for one zoo, restricted to the encoders that were run.
   *
   * @param present CLI names of the encoders run
   * @param firstTargetLowerIsBetter whether the first downstream target's score is an error
   */
  public static List<Claim> claims(
      boolean formalLanguages, List<String> present, boolean firstTargetLowerIsBetter) {
    Map<EncoderKind, Table2Cell> table = formalLanguages ? TABLE2_FORMAL_LANGUAGES : TABLE2_MNIST;
    List<String> probing = present.stream().filter(PaperClaims::isProbing).toList();
    List<String> mechanistic = present.stream().filter(e -> !isProbing(e)).toList();
    List<String> interactive = present.stream().filter(e -> e.equals("interactive")).toList();
    List<String> notInteractive = present.stream().filter(e -> !e.equals("interactive")).toList();
    String range = range(table, mechanistic);
    java.util.ArrayList<Claim> out = new java.util.ArrayList<>();
    if (formalLanguages) {
      if (!interactive.isEmpty() && !notInteractive.isEmpty()) {
        out.add(
            new Claim(
                "table2.interactiveLowestLoss",
                "interactive probing has the lowest validation emulation loss (Table 2)",
                "interactive "
                    + table.get(EncoderKind.INTERACTIVE)
                    + " against "
                    + range(table, notInteractive),
                "validation emulation loss (TV)",
                interactive,
                notInteractive,
                true));
        out.add(
            new Claim(
                "figure8.interactiveBestOodTask",
                "interactive probing predicts the OOD task best (Fig. 8, the headline)",
                figure8(true),
                "OOD task exact match",
                interactive,
                notInteractive,
                firstTargetLowerIsBetter));
      }
    }
    if (!probing.isEmpty() && !mechanistic.isEmpty()) {
      out.add(
          new Claim(
              "table2.probingBelowMechanistic",
              "both probing encoders have a lower validation emulation loss than every mechanistic"
                  + " encoder (Table 2)",
              "probing " + range(table, probing) + " against mechanistic " + range,
              "validation emulation loss (TV)",
              probing,
              mechanistic,
              true));
      if (!formalLanguages) {
        out.add(
            new Claim(
                "figure8.probingBestOodAngle",
                "both probing encoders predict the OOD rotation angle better than every"
                    + " mechanistic encoder (Fig. 8)",
                figure8(false),
                "OOD angle MSE (deg^2)",
                probing,
                mechanistic,
                firstTargetLowerIsBetter));
      }
    }
    return out;
  }

  /**
   * The measured intervals a claim compares: the validation-loss intervals for Table 2 claims, the
   * first target's OOD intervals for Fig. 8 claims.
   */
  public static Map<String, BootstrapInterval> measured(
      Claim claim, List<EncoderComparison.Outcome> outcomes) {
    Map<String, BootstrapInterval> m = new LinkedHashMap<>();
    for (EncoderComparison.Outcome o : outcomes) {
      m.put(
          o.encoder(),
          claim.id().startsWith("table2") ? o.validationLoss() : o.downstream().get(0).ood());
    }
    return m;
  }

  /** Whether the encoder (CLI name) is a probing encoder. */
  public static boolean isProbing(String encoder) {
    EncoderKind kind = EncoderKind.parse(encoder);
    return kind == EncoderKind.INTERACTIVE || kind == EncoderKind.NONINTERACTIVE;
  }

  /** "lo-hi" of the Table 2 means of {@code encoders}. */
  private static String range(Map<EncoderKind, Table2Cell> table, List<String> encoders) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (String e : encoders) {
      double v = table.get(EncoderKind.parse(e)).mean();
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo == hi
        ? String.format(java.util.Locale.ROOT, "%.3f", lo)
        : String.format(java.util.Locale.ROOT, "%.3f-%.3f", lo, hi);
  }
}
