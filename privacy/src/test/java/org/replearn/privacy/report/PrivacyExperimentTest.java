package org.replearn.privacy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.privacy.collapse.CollapseMetrics;

/** The smoke-scale reproduce section: synthetic tables and the real-feature probe on fixtures. */
@Tag("engine")
@Tag("slow")
class PrivacyExperimentTest {

  @Test
  void smokeScaleRunsBothStudiesAndCachesTheFeatures(@TempDir Path dir) throws Exception {
    ExperimentContext context =
        new ExperimentContext(Scale.SMOKE, new Seeds(0), Device.cpu(), dir, dir);
    ReportSection s = new PrivacyExperiment().run(context);
    CollapseMetrics weak = (CollapseMetrics) s.results().get("weak metrics");
    CollapseMetrics strong = (CollapseMetrics) s.results().get("strong metrics");
    // 100 pre-training steps collapse the fixture features more than 10 do
    assertTrue(strong.nc1() < weak.nc1(), strong + " vs " + weak);
    assertTrue(
        s.results().containsKey("strong normalised eps=4.0"), s.results().keySet()::toString);
    try (Stream<Path> files = Files.list(dir.resolve("privacy-features"))) {
      // a backbone and a features file for each of the two backbones
      assertEquals(4, files.count());
    }
  }
}
