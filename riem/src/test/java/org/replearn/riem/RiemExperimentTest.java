package org.replearn.riem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;

@Tag("engine")
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
    List<Map<String, Object>> matrices = (List<Map<String, Object>>) s.results().get("matrices");
    assertEquals(3, matrices.size());
    for (Map<String, Object> m : matrices) {
      // equal storage: SVD's honest ratio never exceeds RieM's
      assertTrue((double) m.get("svdRatio") <= (double) m.get("riemRatio"), m.toString());
      assertTrue((double) m.get("riemError") < 1.0, m.toString());
    }
    List<Map<String, Object>> accuracy = (List<Map<String, Object>>) s.results().get("accuracy");
    assertEquals(4, accuracy.size());
    for (Map<String, Object> row : accuracy) {
      assertTrue((double) row.get("compressionRatio") <= 0.26, row.toString());
    }
    System.out.println("riem smoke seconds " + seconds + " " + accuracy);
  }
}
