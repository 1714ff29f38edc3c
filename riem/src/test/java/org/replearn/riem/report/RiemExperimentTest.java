package org.replearn.riem.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;

@Tag("engine")
@Tag("slow")
class RiemExperimentTest {

  @Test
  void smallScaleCompressesEveryArchitectureAndFashionMnist() {
    List<String> runs =
        RiemExperiment.modelRuns(Scale.SMALL).stream()
            .map(r -> r.arch().id() + "/" + r.data().id() + "/" + r.training().epochs())
            .toList();
    assertEquals(
        List.of(
            "mlp/mnist/2",
            "cnn/mnist/2",
            "resnet/mnist/2",
            "vit/mnist/5",
            "mlp/fashion-mnist/2",
            "cnn/fashion-mnist/2"),
        runs);
    assertEquals(1, RiemExperiment.modelRuns(Scale.SMOKE).size());
  }

  @Test
  @SuppressWarnings("unchecked")
  void smokeScaleFillsTheSection(@TempDir Path dir) throws Exception {
    long start = System.nanoTime();
    ReportSection s =
        new RiemExperiment()
            .run(new ExperimentContext(Scale.SMOKE, new Seeds(0), Device.cpu(), dir, dir));
    double seconds = (System.nanoTime() - start) / 1e9;
    List<MatrixComparison> matrices = (List<MatrixComparison>) s.results().get("matrices");
    assertEquals(3, matrices.size());
    for (MatrixComparison m : matrices) {
      // equal storage: SVD's honest ratio never exceeds RieM's
      assertTrue(m.svdRatio() <= m.riemRatio(), m.toString());
      assertTrue(m.riemError() < 1.0, m.toString());
    }
    List<CompressionAccuracy> accuracy = (List<CompressionAccuracy>) s.results().get("accuracy");
    assertEquals(4, accuracy.size());
    for (CompressionAccuracy row : accuracy) {
      assertTrue(row.compressionRatio() <= 0.26, row.toString());
    }
    System.out.println("riem smoke seconds " + seconds + " " + accuracy);
  }

  /**
   * RieM against SVD over seeds (medium scale's table), exercised on the smoke model with 2 seeds:
   * seed 0 is the accuracy table's RieM run, SVD its SVD run, and the verdict follows the interval
   * of the per-seed differences.
   */
  @Test
  @SuppressWarnings("unchecked")
  void seedTableComparesRiemSeedsWithSvd(@TempDir Path dir) throws Exception {
    ReportSection s =
        new RiemExperiment()
            .run(new ExperimentContext(Scale.SMOKE, new Seeds(0), Device.cpu(), dir, dir), 2);
    List<CompressionAccuracy> accuracy = (List<CompressionAccuracy>) s.results().get("accuracy");
    List<SeedComparison> seeds = (List<SeedComparison>) s.results().get("riemVsSvdSeeds");
    assertEquals(1, seeds.size());
    SeedComparison row = seeds.get(0);
    double[] riem = row.riemAccuracyPerSeed();
    assertEquals(2, riem.length);
    double tableRiem = -1;
    double tableSvd = -1;
    for (CompressionAccuracy a : accuracy) {
      if ("riem".equals(a.method())) {
        tableRiem = a.accuracyAfter();
      } else if ("svd".equals(a.method())) {
        tableSvd = a.accuracyAfter();
      }
    }
    assertEquals(tableRiem, riem[0]);
    assertEquals(tableSvd, row.svdAccuracy());
    org.replearn.core.report.BootstrapInterval gap = row.riemMinusSvd();
    assertEquals((riem[0] + riem[1]) / 2 - tableSvd, gap.mean(), 1e-12);
    String expected =
        gap.low() > 0
            ? "RieM above SVD"
            : gap.high() < 0 ? "RieM below SVD" : "too small to decide";
    assertEquals(expected, row.verdict());
  }
}
