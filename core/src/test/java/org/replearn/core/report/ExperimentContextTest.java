package org.replearn.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;

/** At smoke scale an experiment's images are the committed fixtures, whatever the data folder. */
class ExperimentContextTest {

  @Test
  void smokeScaleReadsTheFixturesWithoutTheDataFolder(@TempDir Path empty) throws Exception {
    ExperimentContext context =
        new ExperimentContext(Scale.SMOKE, new Seeds(1), Device.cpu(), empty, empty);
    for (DatasetName name : DatasetName.values()) {
      ImageDataset train = context.images(name, Split.TRAIN);
      ImageDataset test = context.images(name, Split.TEST);
      assertEquals(Datasets.FIXTURE_TRAIN, train.count(), name + " train");
      assertEquals(Datasets.FIXTURE_TEST, test.count(), name + " test");
      assertArrayEquals(Datasets.fixture(name, Split.TRAIN).labels(), train.labels());
      assertArrayEquals(Datasets.fixture(name, Split.TEST).pixels(), test.pixels());
    }
  }
}
