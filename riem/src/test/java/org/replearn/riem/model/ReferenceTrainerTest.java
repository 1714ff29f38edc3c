package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;

@Tag("engine")
class ReferenceTrainerTest {

  @Test
  void bothArchitecturesLearnTheFixtureAndRoundTripThroughSafetensors(@TempDir Path dir)
      throws Exception {
    ImageDataset train = Datasets.fixture(DatasetName.MNIST, Split.TRAIN);
    ImageDataset test = Datasets.fixture(DatasetName.MNIST, Split.TEST);
    for (ReferenceArch arch : List.of(ReferenceArch.MLP, ReferenceArch.CNN)) {
      Map<String, Tensor> state =
          ReferenceTrainer.train(
              arch, train, new ReferenceTrainer.Settings(4, 50, 2e-3), new Seeds(1), Device.cpu());
      double accuracy = ReferenceTrainer.accuracy(arch, state, test, Device.cpu());
      // 500 training images: well above chance (0.1); full MNIST reaches ~0.98
      assertTrue(accuracy > 0.6, arch + " accuracy " + accuracy);
      Path file = dir.resolve(arch.id() + ".safetensors");
      Tensor.writeAll(file, state);
      Map<String, Tensor> back = Tensor.readAll(file);
      assertEquals(state.keySet(), back.keySet());
      assertEquals(accuracy, ReferenceTrainer.accuracy(arch, back, test, Device.cpu()), 0);
    }
  }
}
