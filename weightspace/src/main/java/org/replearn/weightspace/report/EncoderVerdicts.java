package org.replearn.weightspace.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.downstream.Claim;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.downstream.PaperClaims;

/**
 * The encoders section's verdicts on the paper's claims (Herrmann et al. 2024, Table 2 and Fig. 8),
 * every sentence computed from this run's means and 95% intervals.
 */
final class EncoderVerdicts {

  private EncoderVerdicts() {}

  /** The paper's claims for this zoo over the encoders run. */
  static List<Claim> claims(List<EncoderComparison.Outcome> outcomes, boolean formalLanguages) {
    return PaperClaims.claims(
        formalLanguages,
        outcomes.stream().map(EncoderComparison.Outcome::encoder).toList(),
        outcomes.get(0).downstream().get(0).metric().equals("mse"));
  }

  /**
   * The verdict in sentences, every one computed from the numbers: each claim of the paper with the
   * paper's figures, this run's means and 95% intervals, and whether it holds, does not hold, or
   * the run is too small to decide ({@link Claim}); then the best encoder of every OOD score and
   * whether its interval clears the runner-up's.
   */
  static String verdict(List<EncoderComparison.Outcome> outcomes, boolean formalLanguages) {
    StringBuilder text = new StringBuilder();
    for (Claim c : claims(outcomes, formalLanguages)) {
      text.append(c.explain(PaperClaims.measured(c, outcomes))).append(' ');
    }
    int targets = outcomes.get(0).downstream().size();
    for (int t = 0; t < targets; t++) {
      final int index = t;
      DownstreamEvaluation.Result first = outcomes.get(0).downstream().get(t);
      List<EncoderComparison.Outcome> ranked = rankedByOod(outcomes, t);
      if (ranked.isEmpty()) {
        text.append("OOD ").append(first.target()).append(": no OOD rows at this scale. ");
        continue;
      }
      BootstrapInterval win = ranked.get(0).downstream().get(index).ood();
      if (ranked.size() > 1 && ranked.get(1).downstream().get(index).ood().mean() == win.mean()) {
        text.append(
            String.format(
                Locale.ROOT,
                "OOD %s (%s): no encoder ahead (%s and %s tie at %.3f). ",
                first.target(),
                first.metric(),
                ranked.get(0).encoder(),
                ranked.get(1).encoder(),
                win.mean()));
        continue;
      }
      String separated = "";
      if (ranked.size() > 1) {
        BootstrapInterval second = ranked.get(1).downstream().get(index).ood();
        boolean overlap = win.low() <= second.high() && second.low() <= win.high();
        separated =
            overlap
                ? ", its interval overlapping the runner-up's (" + ranked.get(1).encoder() + ")"
                : ", clear of the runner-up (" + ranked.get(1).encoder() + ")";
      }
      text.append(
          String.format(
              Locale.ROOT,
              "OOD %s (%s): best %s %.3f%s. ",
              first.target(),
              first.metric(),
              ranked.get(0).encoder(),
              win.mean(),
              separated));
    }
    outcomes.stream()
        .filter(o -> o.cloneEvaluation() != null)
        .min(Comparator.comparingDouble(o -> o.cloneEvaluation().meanAbsoluteError()))
        .ifPresent(
            o ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "Closest clones: %s (mean |original - clone| return %.3f, Pearson r"
                            + " %.2f, %.0f%% of its clones' strings finished); the paper (Fig. 5)"
                            + " finds only interactive probing's clones tracking the original"
                            + " over the whole range.",
                        o.encoder(),
                        o.cloneEvaluation().meanAbsoluteError(),
                        o.cloneEvaluation().correlation(),
                        100 * o.cloneEvaluation().cloneFinished())));
    return text.toString().trim();
  }

  /** Outcomes with an OOD score for target {@code t}, best first. */
  static List<EncoderComparison.Outcome> rankedByOod(
      List<EncoderComparison.Outcome> outcomes, int t) {
    boolean higherIsBetter = !outcomes.get(0).downstream().get(t).metric().equals("mse");
    Comparator<EncoderComparison.Outcome> byOod =
        Comparator.comparingDouble(o -> o.downstream().get(t).ood().mean());
    return outcomes.stream()
        .filter(o -> !Double.isNaN(o.downstream().get(t).ood().mean()))
        .sorted(higherIsBetter ? byOod.reversed() : byOod)
        .toList();
  }
}
