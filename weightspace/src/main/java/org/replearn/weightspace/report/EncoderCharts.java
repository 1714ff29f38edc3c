package org.replearn.weightspace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.replearn.weightspace.downstream.DownstreamTarget;
import org.replearn.weightspace.downstream.EmbeddingPca;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.zoo.FormalLanguage;

/**
 * The charts of the encoders section: validation emulation loss against steps, and the PCA of an
 * encoder's embeddings.
 */
final class EncoderCharts {

  private EncoderCharts() {}

  /**
   * Diagnostic: validation emulation loss against training steps for interactive probing and the
   * statistics encoder (as far as the budget goes), from the runs' evaluation histories.
   */
  static XYChart lossCurves(String name, List<EncoderComparison.Outcome> outcomes) {
    List<EncoderComparison.Outcome> shown =
        outcomes.stream()
            .filter(o -> o.encoder().equals("interactive") || o.encoder().equals("stats"))
            .filter(o -> o.emulation().history().size() >= 2)
            .toList();
    if (shown.isEmpty()) {
      return null;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title(name + ": validation emulation loss (TV) against steps")
            .xAxisTitle("emulation step")
            .yAxisTitle("validation TV")
            .build();
    for (EncoderComparison.Outcome o : shown) {
      List<EmulationResult.Evaluation> h = o.emulation().history();
      double[] x = h.stream().mapToDouble(EmulationResult.Evaluation::step).toArray();
      double[] y = h.stream().mapToDouble(EmulationResult.Evaluation::validationLoss).toArray();
      chart.addSeries(o.encoder(), x, y).setMarker(SeriesMarkers.CIRCLE);
      if (o.stepZero() != null && o.stepZero().withoutHistory().size() >= 2) {
        List<EmulationResult.Evaluation> w = o.stepZero().withoutHistory();
        chart
            .addSeries(
                o.encoder() + " trained without step 0 (trained rows)",
                w.stream().mapToDouble(EmulationResult.Evaluation::step).toArray(),
                w.stream().mapToDouble(EmulationResult.Evaluation::validationLoss).toArray())
            .setMarker(SeriesMarkers.DIAMOND);
      }
    }
    return chart;
  }

  /**
   * PCA of the embeddings, coloured by d_b (formal languages) or by the rotation angle in four
   * 90-degree bins (MNIST).
   */
  static XYChart pca(EncoderComparison.Outcome outcome, ZooView view, boolean formalLanguages) {
    double[][] projected = EmbeddingPca.project(outcome.embeddings(), 2);
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title(
                "PCA of "
                    + outcome.encoder()
                    + " embeddings, coloured by "
                    + (formalLanguages ? "d_b" : "rotation angle"))
            .xAxisTitle("PC1")
            .yAxisTitle("PC2")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    DownstreamTarget task = view.targets().get(0);
    Map<Integer, List<double[]>> byLevel = new TreeMap<>();
    for (int r = 0; r < projected.length; r++) {
      double v = task.values()[r][0];
      int level = formalLanguages ? (int) v : (int) (v / 90);
      byLevel.computeIfAbsent(level, k -> new ArrayList<>()).add(projected[r]);
    }
    for (Map.Entry<Integer, List<double[]>> e : byLevel.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
      String label =
          formalLanguages
              ? "d_b = " + (e.getKey() + FormalLanguage.MIN_DIFFERENCE)
              : "angle " + 90 * e.getKey() + "-" + 90 * (e.getKey() + 1);
      chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }
}
