package org.replearn.riem.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RieM section's sentences are computed from the rows they describe: moving one number moves
 * the sentence.
 */
class RiemProseTest {

  private static CompressionAccuracy row(
      String model, String method, double rate, double ratio, double before, double after) {
    return new CompressionAccuracy(model, "mnist", method, rate, ratio, before, after, 0.1);
  }

  private static List<CompressionAccuracy> rows(double cnnRiemAfter) {
    List<CompressionAccuracy> rows = new ArrayList<>();
    rows.add(row("mlp", "riem", 0.25, 0.27, 0.97, 0.96));
    rows.add(row("mlp", "quantize", 0.25, 0.26, 0.97, 0.97));
    rows.add(row("cnn", "riem", 0.25, 0.28, 0.99, cnnRiemAfter));
    rows.add(row("cnn", "quantize", 0.25, 0.255, 0.99, 0.98));
    return rows;
  }

  @Test
  void quantisationSentenceCountsModelsWhereRiemReachesQuantisation() {
    String text = RiemExperiment.quantisationSentence(rows(0.985), 0.25);
    // ratios 0.255 and 0.26; losses 0 and 1 point; RieM reaches quantisation on the CNN only
    assertTrue(text.contains("At the 25% target"), text);
    assertTrue(text.contains("at 25.5% to 26.0% of their float32 size"), text);
    assertTrue(text.contains("loses 0.5 points of test accuracy on average"), text);
    assertTrue(text.contains("it reaches it on 1 of 2 models"), text);
    assertTrue(RiemExperiment.quantisationSentence(rows(0.97), 0.25).contains("on 0 of 2 models"));
    List<CompressionAccuracy> one = rows(0.97).subList(0, 2);
    assertTrue(
        RiemExperiment.quantisationSentence(one, 0.25).contains("at 26.0% of their"),
        RiemExperiment.quantisationSentence(one, 0.25));
    assertEquals("", RiemExperiment.quantisationSentence(rows(0.97), 0.1));
  }

  @Test
  void targetSentenceCountsRatiosAboveTheTarget() {
    List<CompressionAccuracy> rows = rows(0.97);
    assertTrue(RiemExperiment.targetSentence(rows).contains("in 4 of 4 compressions"));
    rows.add(row("mlp", "prune", 0.25, 0.222, 0.97, 0.9));
    assertTrue(RiemExperiment.targetSentence(rows).contains("in 4 of 5 compressions"));
  }

  @Test
  void fragilitySentenceNamesTheModelWithTheLargestMeanLoss() {
    // mlp loses (1 + 0) / 2 = 0.5 points; cnn (0.5 + 1) / 2 = 0.75
    assertTrue(
        RiemExperiment.fragilitySentence(rows(0.985)).contains("the cnn on mnist: 0.8 points"));
    // cnn (29 + 1) / 2 = 15 points
    assertTrue(
        RiemExperiment.fragilitySentence(rows(0.70)).contains("the cnn on mnist: 15.0 points"));
    List<CompressionAccuracy> mlpWorse = rows(0.99);
    mlpWorse.add(row("mlp", "prune", 0.25, 0.3, 0.97, 0.5));
    assertTrue(RiemExperiment.fragilitySentence(mlpWorse).contains("the mlp on mnist"));
  }

  @Test
  void svdRankSentenceComparesTheTwoCounts() {
    String every =
        RiemExperiment.svdRankSentence(
            List.of(matrix("gaussian", 12, 5), matrix("decaying", 12, 5)));
    assertTrue(every.contains("gaussian 12 vs 5; decaying 12 vs 5"), every);
    assertTrue(every.contains("on every matrix here"), every);
    String some =
        RiemExperiment.svdRankSentence(
            List.of(matrix("gaussian", 12, 5), matrix("decaying", 4, 5)));
    assertTrue(some.contains("on 1 of 2 matrices here"), some);
  }

  private static MatrixComparison matrix(String name, int svdRank, int svdRankPaperCount) {
    return new MatrixComparison(
        name, 64, 128, 8, 4, 100, 0.5, svdRank, 0.4, 0.1, 0.1, svdRankPaperCount, 0.3);
  }
}
