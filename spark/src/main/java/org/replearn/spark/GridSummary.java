package org.replearn.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.PaperClaims;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.ZooTasks;

/**
 * One line of the grid report: an (zoo, encoder, settings) cell over its seeds.
 *
 * @param zoo the zoo folder
 * @param family the zoo's task family
 * @param encoder encoder name
 * @param config index of the emulation settings
 * @param emulationLoss best validation emulation loss over seeds, mean with a bootstrap 95%
 *     interval
 * @param paperLoss the paper's Table 2 value for this encoder and family (NaN if none)
 * @param downstream per target: validation and OOD scores, means over seeds of the per-run means
 */
public record GridSummary(
    String zoo,
    String family,
    String encoder,
    int config,
    BootstrapInterval emulationLoss,
    double paperLoss,
    Map<String, double[]> downstream) {

  /** The results of one finished run. */
  record RunOutcome(
      GridSpec.Run run, EmulationResult training, List<DownstreamEvaluation.Result> evaluation) {}

  /** Summaries of every cell, in run order; bootstrap draws from {@code seed}. */
  static List<GridSummary> of(
      GridSpec spec, List<String> families, List<RunOutcome> outcomes, long seed) {
    Map<String, List<RunOutcome>> cells = new LinkedHashMap<>();
    for (RunOutcome o : outcomes) {
      GridSpec.Run r = o.run();
      cells
          .computeIfAbsent(r.zoo() + "/" + r.encoder() + "/" + r.config(), k -> new ArrayList<>())
          .add(o);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<GridSummary> rows = new ArrayList<>();
    for (List<RunOutcome> cell : cells.values()) {
      GridSpec.Run first = cell.get(0).run();
      double[] losses = cell.stream().mapToDouble(o -> o.training().bestValidationLoss()).toArray();
      Map<String, double[]> downstream = new LinkedHashMap<>();
      for (DownstreamEvaluation.Result t : cell.get(0).evaluation()) {
        double[] scores = new double[2];
        for (RunOutcome o : cell) {
          for (DownstreamEvaluation.Result r : o.evaluation()) {
            if (r.target().equals(t.target())) {
              scores[0] += r.validation().mean() / cell.size();
              scores[1] += r.ood().mean() / cell.size();
            }
          }
        }
        downstream.put(t.target() + " (" + t.metric() + ")", scores);
      }
      String family = families.get(first.zoo());
      Map<EncoderKind, PaperClaims.Table2Cell> paper =
          family.equals(ZooTasks.FORMAL_LANGUAGES)
              ? PaperClaims.TABLE2_FORMAL_LANGUAGES
              : PaperClaims.TABLE2_MNIST;
      PaperClaims.Table2Cell paperCell = paper.get(EncoderKind.parse(first.encoder()));
      rows.add(
          new GridSummary(
              spec.zoos().get(first.zoo()),
              family,
              first.encoder(),
              first.config(),
              BootstrapInterval.of(losses, 0.95, 10_000, rng),
              paperCell == null ? Double.NaN : paperCell.mean(),
              downstream));
    }
    return rows;
  }
}
