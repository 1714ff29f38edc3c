package org.replearn.weightspace.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.downstream.Claim;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.downstream.PaperClaims;
import org.replearn.weightspace.emulation.EmulationResult;

/**
 * The verdicts are computed from the intervals: a claim holds when every winner's interval clears
 * every other encoder's on the better side, fails when some other encoder's interval clears a
 * winner's, and is undecided otherwise; moving one number across an interval's end changes it.
 */
class EncodersVerdictTest {

  private static BootstrapInterval around(double mean, double halfWidth) {
    return new BootstrapInterval(mean, mean - halfWidth, mean + halfWidth, 5);
  }

  private static EncoderComparison.Outcome outcome(
      String encoder, String target, String metric, BootstrapInterval ood, BootstrapInterval loss) {
    BootstrapInterval validation = around(0.5, 0);
    DownstreamEvaluation.Result first =
        new DownstreamEvaluation.Result(
            target, metric, validation, ood, new double[] {0.5}, new double[] {ood.mean()});
    EmulationResult emulation =
        new EmulationResult(10, 10, loss.mean(), 0.1, 0.1, 1.0, Double.NaN, List.of());
    return new EncoderComparison.Outcome(
        encoder,
        1,
        emulation,
        loss,
        0.2,
        List.of(first),
        List.of(),
        null,
        null,
        new float[0][],
        1.0);
  }

  private static EncoderComparison.Outcome mnist(String encoder, double angleMse, double width) {
    return outcome(encoder, "angle", "mse", around(angleMse, width), around(0.05, 0.001));
  }

  /**
   * Angle MSE intervals: stats [290, 310], noninteractive [140, 160], interactive [90, 110], and
   * dws {@code angleMse} +- {@code width}.
   */
  private static List<EncoderComparison.Outcome> mnistWithDws(double angleMse, double width) {
    return List.of(
        mnist("stats", 300, 10),
        mnist("dws", angleMse, width),
        mnist("noninteractive", 150, 10),
        mnist("interactive", 100, 10));
  }

  private static Claim.Verdict verdict(List<EncoderComparison.Outcome> outcomes, String id) {
    for (Claim c :
        EncoderVerdicts.claims(
            outcomes, outcomes.get(0).downstream().get(0).target().equals("task"))) {
      if (c.id().equals(id)) {
        return c.check(PaperClaims.measured(c, outcomes));
      }
    }
    throw new AssertionError("no claim " + id);
  }

  @Test
  void mnistAngleClaimFollowsTheIntervals() {
    String id = "figure8.probingBestOodAngle";
    // probing [90, 110] and [140, 160] against mechanistic [190, 210] and [290, 310]: holds
    List<EncoderComparison.Outcome> clear = mnistWithDws(200, 10);
    assertEquals(Claim.Verdict.HOLDS, verdict(clear, id));
    String text = EncoderVerdicts.verdict(clear, false);
    assertTrue(text.contains("interactive 100.0 [90.00, 110.0]"), text);
    assertTrue(text.contains("Verdict: holds."), text);
    // dws's interval [145, 165] now reaches into noninteractive's [140, 160]: undecided
    List<EncoderComparison.Outcome> overlapping = mnistWithDws(155, 10);
    assertEquals(Claim.Verdict.UNDECIDED, verdict(overlapping, id));
    assertTrue(EncoderVerdicts.verdict(overlapping, false).contains("too small to decide"));
    // dws [115, 125] now lies wholly below noninteractive's [140, 160]: fails
    List<EncoderComparison.Outcome> beaten = mnistWithDws(120, 5);
    assertEquals(Claim.Verdict.FAILS, verdict(beaten, id));
    assertTrue(EncoderVerdicts.verdict(beaten, false).contains("does not hold"));
  }

  @Test
  void formalLanguageHeadlineFollowsTheIntervalsAndTheEmulationLossClaimItsOwn() {
    // task exact match (higher is better); emulation loss (lower is better)
    List<EncoderComparison.Outcome> outcomes =
        interactiveAgainstStats(around(0.30, 0.05), around(0.020, 0.002));
    assertEquals(Claim.Verdict.HOLDS, verdict(outcomes, "figure8.interactiveBestOodTask"));
    assertEquals(Claim.Verdict.HOLDS, verdict(outcomes, "table2.interactiveLowestLoss"));
    // interactive's lower end 0.11 - 0.09 = 0.02 now below stats' upper end 0.12: undecided
    List<EncoderComparison.Outcome> wide =
        interactiveAgainstStats(around(0.11, 0.09), around(0.060, 0.002));
    assertEquals(Claim.Verdict.UNDECIDED, verdict(wide, "figure8.interactiveBestOodTask"));
    assertEquals(Claim.Verdict.FAILS, verdict(wide, "table2.interactiveLowestLoss"));
  }

  /**
   * Formal-language task accuracy of stats (OOD 0.10 +- 0.02, emulation loss 0.050 +- 0.002) and of
   * interactive with the given OOD score and emulation loss.
   */
  private static List<EncoderComparison.Outcome> interactiveAgainstStats(
      BootstrapInterval ood, BootstrapInterval loss) {
    return List.of(
        outcome("stats", "task", "accuracy", around(0.10, 0.02), around(0.050, 0.002)),
        outcome("interactive", "task", "accuracy", ood, loss));
  }

  @Test
  void equalBestScoresAreReportedAsATieNotAWinner() {
    List<EncoderComparison.Outcome> tied =
        List.of(mnist("stats", 200, 10), mnist("interactive", 200, 10));
    String text = EncoderVerdicts.verdict(tied, false);
    assertTrue(text.contains("OOD angle (mse): no encoder ahead"), text);
  }

  @Test
  void aMissingScoreLeavesTheClaimUndecided() {
    Claim claim = new Claim("c", "a beats b", "paper", "score", List.of("a"), List.of("b"), false);
    BootstrapInterval nan = new BootstrapInterval(Double.NaN, Double.NaN, Double.NaN, 0);
    assertEquals(Claim.Verdict.UNDECIDED, claim.check(Map.of("a", around(0.9, 0.01), "b", nan)));
    assertEquals(
        Claim.Verdict.HOLDS, claim.check(Map.of("a", around(0.9, 0.01), "b", around(0.5, 0.01))));
  }
}
