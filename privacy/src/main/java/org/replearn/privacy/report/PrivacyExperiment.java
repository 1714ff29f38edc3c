package org.replearn.privacy.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.Split;
import org.replearn.core.report.AbstractExperiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.report.Table;
import org.replearn.privacy.probe.FeatureCache;

/**
 * The {@code privacy} section of {@code reproduce}: (a) synthetic ETF features, one-step NoisyGD
 * error against p in {16, 256, 4096} under perfect collapse and perturbations, with and without
 * normalisation and PCA, beside the theory; (b) private MNIST probes on frozen CNN features of a
 * weak and a strong backbone (smoke scale: on the committed MNIST fixtures). Backbones and features
 * are cached in the data folder, so a second run reuses them.
 */
public final class PrivacyExperiment extends AbstractExperiment {
  private static final double[] EPSILONS = {0.05, 0.1, 0.2, 0.5, 1, 2};

  /** Section {@code privacy}, at order 30 in the report. */
  public PrivacyExperiment() {
    super("privacy", 30);
  }

  @Override
  public ReportSection run(ExperimentContext context) throws Exception {
    Scale scale = context.scale();
    ReportSection section =
        new ReportSection("Private linear probing: NoisyGD and neural collapse");
    section.paragraph(
        "Wang, Zhu, Su and Wang (ICML 2024) show that one-step NoisyGD from W=0 on perfectly"
            + " collapsed features (a simplex ETF) has a test error independent of the feature"
            + " dimension p, while perturbations of size beta per coordinate make it grow with p;"
            + " normalisation and PCA fitted on public data restore robustness. Noise is"
            + " calibrated with exact Gaussian DP (add/remove-one neighbours).");
    Map<String, Object> results = new LinkedHashMap<>();
    SyntheticStudy synthetic =
        new SyntheticStudy(
            scale.pick(4, 20, 20, 50), scale.pick(30, 200, 200, 200), new int[] {16, 256, 4096});
    var seeds = context.seeds();
    section.table(synthetic.perfectCollapseTable(0.1, seeds, results));
    section.table(
        synthetic.testShiftTable(
            scale.pick(
                new double[] {0.1},
                new double[] {0.1, 0.5},
                new double[] {0.1, 0.5},
                new double[] {0.1, 0.5}),
            new double[] {0, 0.05, 0.2},
            seeds,
            results));
    section.table(
        synthetic.trainShiftTable(
            0.5, new double[] {0.05, 0.2}, new int[] {256, 4096}, seeds, results));
    RealFeatureStudy real =
        new RealFeatureStudy(
            scale.pick(Datasets.FIXTURE_TRAIN / 2, 10_000, 10_000, 30_000),
            scale.pick(Datasets.FIXTURE_TEST, 5_000, 5_000, 10_000),
            scale.pick(10, 30, 30, 60),
            scale.pick(100, 300, 300, 3000),
            scale.pick(new double[] {1, 4}, EPSILONS, EPSILONS, EPSILONS),
            scale.pick(10, 50, 50, 50),
            16);
    boolean fixtures = scale == Scale.SMOKE;
    if (fixtures) {
      section.paragraph(
          "Smoke scale: the real-feature probe runs on the committed MNIST fixtures ("
              + Datasets.FIXTURE_TRAIN
              + " training images split into "
              + Datasets.FIXTURE_TRAIN / 2
              + " public and "
              + (Datasets.FIXTURE_TRAIN - Datasets.FIXTURE_TRAIN / 2)
              + " private, "
              + Datasets.FIXTURE_TEST
              + " test images).");
    }
    List<Table> tables = new ArrayList<>();
    List<XYChart> charts = new ArrayList<>();
    String claim =
        real.run(
            context.images(DatasetName.MNIST, Split.TRAIN),
            context.images(DatasetName.MNIST, Split.TEST),
            FeatureCache.in(context.dataDir().resolve("privacy-features")),
            seeds.child("mnist"),
            context.device(),
            tables,
            charts,
            results);
    tables.forEach(section::table);
    section.paragraph(claim);
    for (int c = 0; c < charts.size(); c++) {
      section.chart("mnist-accuracy-vs-epsilon" + c, charts.get(c));
    }
    results.forEach(section::result);
    return section;
  }
}
