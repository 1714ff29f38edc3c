package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.Experiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.report.Table;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
import org.replearn.weightspace.emulation.SyntheticZoo;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * {@code reproduce} section "encoders": every encoder trained by emulation on one zoo, its
 * validation and OOD emulation losses beside the paper's Table 2, and OOD task prediction from its
 * frozen embeddings, with a PCA plot of the interactive encoder's embeddings.
 */
public final class EncodersExperiment implements Experiment {

  /** The paper's Table 2, formal languages column (validation TV, mean over 15 seeds) [paper*]. */
  private static final Map<EncoderKind, Double> PAPER_FL_LOSS =
      Map.of(
          EncoderKind.STATS, 0.051,
          EncoderKind.FLAT, 0.045,
          EncoderKind.TRANSFORMER, 0.043,
          EncoderKind.DWS, 0.046,
          EncoderKind.NONINTERACTIVE, 0.023,
          EncoderKind.INTERACTIVE, 0.015);

  @Override
  public String id() {
    return "encoders";
  }

  @Override
  public int order() {
    return 75;
  }

  @Override
  public ReportSection run(ExperimentContext context) throws Exception {
    Scale scale = context.scale();
    int levels = scale.pick(2, 3, 3);
    int models = scale.pick(3, 6, 32);
    int rollouts = scale.pick(2, 4, 8);
    int steps = scale.pick(12, 41, 41);
    EmulationConfig emulation =
        new EmulationConfig(
            scale.pick(12, 60, 5000),
            scale.pick(8, 16, 64),
            scale.pick(3e-3, 1e-3, 1e-4),
            0.01,
            0.1,
            scale.pick(6, 20, 500),
            0,
            EmulationLoss.TOTAL_VARIATION,
            scale.pick(32, 64, 256));
    EmbeddingPredictor.Config predictor =
        new EmbeddingPredictor.Config(128, scale.pick(100, 800, 2000), 128, 1e-3, 0.01);
    int seeds = scale.pick(3, 5, 15);
    Seeds root = context.seeds();
    List<EncoderComparison.Outcome> outcomes;
    ZooView view;
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      SyntheticZoo zoo =
          SyntheticZoo.generate(
              LstmSpec.formalLanguages(),
              levels,
              models,
              rollouts,
              steps,
              root.child("zoo"),
              manager);
      view = ZooView.synthetic(zoo, root.child("splits").random());
      outcomes =
          EncoderComparison.run(
              view,
              new EncoderComparison.Settings(encoders(scale), emulation, seeds, predictor),
              root,
              context.workDir(),
              manager);
    }
    return section(view, emulation, seeds, outcomes);
  }

  /**
   * The encoders compared: all at paper scale; below it the parameter transformer is left out, as
   * one of its steps at batch 64 costs about 300 GFLOP (519 tokens, 6 layers), minutes on 2 cores.
   */
  static List<EncoderKind> encoders(Scale scale) {
    return scale == Scale.PAPER
        ? List.of(EncoderKind.values())
        : List.of(
            EncoderKind.STATS,
            EncoderKind.FLAT,
            EncoderKind.DWS,
            EncoderKind.NONINTERACTIVE,
            EncoderKind.INTERACTIVE);
  }

  private static ReportSection section(
      ZooView view,
      EmulationConfig emulation,
      int seeds,
      List<EncoderComparison.Outcome> outcomes) {
    ReportSection section =
        new ReportSection("RNN weight encoders: emulation and downstream tasks");
    section.paragraph(
        "Zoo: "
            + view.description()
            + " (the trained zoo of the zoo experiment is not wired in yet; this synthetic zoo has"
            + " compositional tasks like the formal languages, so OOD task combinations can be"
            + " recognised from their parts). Splits by task: "
            + view.splits().train().length
            + " training, "
            + view.splits().validation().length
            + " validation and "
            + view.splits().ood().length
            + " OOD rows. Every encoder has its official size and is trained with the emulator ("
            + emulation.emulatorHidden()
            + " hidden units), batch "
            + emulation.batchSize()
            + ", AdamW lr "
            + emulation.learningRate()
            + ", "
            + emulation.steps()
            + " steps, total-variation loss; the best-validation parameters are kept.");
    Table losses =
        new Table(
            "Emulation loss (TV) per encoder; the paper's FL column is its Table 2 (100k steps on"
                + " the real zoo)",
            List.of(
                "encoder",
                "parameters",
                "best step",
                "validation TV",
                "OOD TV",
                "paper FL validation TV",
                "seconds"));
    Map<String, Object> results = new LinkedHashMap<>();
    for (EncoderComparison.Outcome o : outcomes) {
      losses.row(
          o.encoder(),
          o.parameters(),
          o.emulation().bestStep(),
          o.emulation().bestValidationLoss(),
          o.emulation().oodLossAtBest(),
          PAPER_FL_LOSS.get(EncoderKind.parse(o.encoder())),
          o.seconds());
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("validationTv", o.emulation().bestValidationLoss());
      r.put("oodTv", o.emulation().oodLossAtBest());
      for (DownstreamEvaluation.Result d : o.downstream()) {
        r.put(d.target() + "." + d.metric() + ".validation", d.validation());
        r.put(d.target() + "." + d.metric() + ".ood", d.ood());
      }
      results.put(o.encoder(), r);
    }
    section.table(losses);
    List<String> headers = new ArrayList<>(List.of("encoder"));
    for (DownstreamEvaluation.Result d : outcomes.get(0).downstream()) {
      headers.add(d.target() + " " + d.metric() + " validation");
      headers.add(d.target() + " " + d.metric() + " OOD [95% CI]");
    }
    Table downstream =
        new Table(
            "Downstream prediction from frozen embeddings, mean over "
                + seeds
                + " predictor seeds with bootstrapped 95% intervals (half of the OOD tasks moved into"
                + " training)",
            headers);
    for (EncoderComparison.Outcome o : outcomes) {
      List<Object> row = new ArrayList<>(List.of(o.encoder()));
      for (DownstreamEvaluation.Result d : o.downstream()) {
        row.add(d.validation().mean());
        row.add(format(d.ood()));
      }
      downstream.row(row.toArray());
    }
    section.table(downstream);
    section.paragraph(verdict(outcomes));
    EncoderComparison.Outcome interactive =
        outcomes.stream()
            .filter(o -> o.encoder().equals("interactive"))
            .findFirst()
            .orElse(outcomes.get(0));
    section.chart("pca-" + interactive.encoder(), pca(interactive, view));
    for (Map.Entry<String, Object> e : results.entrySet()) {
      section.result(e.getKey(), e.getValue());
    }
    return section;
  }

  private static String format(BootstrapInterval ci) {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", ci.mean(), ci.low(), ci.high());
  }

  /** Which encoder wins each measure, against the paper's claims. */
  static String verdict(List<EncoderComparison.Outcome> outcomes) {
    EncoderComparison.Outcome bestLoss = outcomes.get(0);
    EncoderComparison.Outcome bestTask = outcomes.get(0);
    for (EncoderComparison.Outcome o : outcomes) {
      if (o.emulation().bestValidationLoss() < bestLoss.emulation().bestValidationLoss()) {
        bestLoss = o;
      }
      if (o.downstream().get(0).ood().mean() > bestTask.downstream().get(0).ood().mean()) {
        bestTask = o;
      }
    }
    return String.format(
        Locale.ROOT,
        "Lowest validation emulation loss: %s (%.4f); the paper reports interactive probing lowest on"
            + " formal languages. Best OOD %s %s: %s (%.3f); the paper's headline is that"
            + " interactive probing wins OOD task prediction on formal languages. %s",
        bestLoss.encoder(),
        bestLoss.emulation().bestValidationLoss(),
        bestTask.downstream().get(0).target(),
        bestTask.downstream().get(0).metric(),
        bestTask.encoder(),
        bestTask.downstream().get(0).ood().mean(),
        bestLoss.encoder().equals("interactive") && bestTask.encoder().equals("interactive")
            ? "Both agree with the paper here."
            : "At this scale the ranking differs from the paper's where the winners above are not"
                + " interactive probing; overlapping intervals mean no clear winner.");
  }

  private static XYChart pca(EncoderComparison.Outcome outcome, ZooView view) {
    double[][] projected = EmbeddingPca.project(outcome.embeddings(), 2);
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title("PCA of " + outcome.encoder() + " embeddings, coloured by task factor a")
            .xAxisTitle("PC1")
            .yAxisTitle("PC2")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    DownstreamTarget task = view.targets().get(0);
    Map<Integer, List<double[]>> byLevel = new java.util.TreeMap<>();
    for (int r = 0; r < projected.length; r++) {
      byLevel.computeIfAbsent((int) task.values()[r][0], k -> new ArrayList<>()).add(projected[r]);
    }
    for (Map.Entry<Integer, List<double[]>> e : byLevel.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries("a = " + e.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }
}
