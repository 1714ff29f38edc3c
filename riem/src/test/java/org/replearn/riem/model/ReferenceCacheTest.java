package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
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
class ReferenceCacheTest {

  @Test
  void secondCallReadsTheFileAndACorruptFileIsRetrained(@TempDir Path dir) throws Exception {
    ImageDataset data = Datasets.fixture(DatasetName.MNIST, Split.TRAIN).head(100);
    ReferenceTrainer.Settings settings = new ReferenceTrainer.Settings(1, 50, 1e-3);
    ReferenceCache cache = new ReferenceCache(dir);
    Seeds seeds = new Seeds(1);
    Map<String, Tensor> first =
        cache.trainOrLoad(ReferenceArch.MLP, "fixture", data, settings, seeds, Device.cpu());
    Path file = cache.file(ReferenceArch.MLP, "fixture", 100, settings, seeds);
    assertTrue(Files.isRegularFile(file));
    // a planted marker proves the second call reads the file instead of training again
    Tensor bias = first.get("fc2.bias");
    float[] marked = bias.values().clone();
    marked[0] = 1234.5f;
    Map<String, Tensor> planted = new java.util.LinkedHashMap<>(first);
    planted.put("fc2.bias", new Tensor(bias.shape(), marked));
    Tensor.writeAll(file, planted);
    Map<String, Tensor> second =
        cache.trainOrLoad(ReferenceArch.MLP, "fixture", data, settings, seeds, Device.cpu());
    assertEquals(1234.5f, second.get("fc2.bias").values()[0]);
    // another configuration is another file
    assertNotEquals(file, cache.file(ReferenceArch.MLP, "fixture", 100, settings, new Seeds(2)));
    // a truncated file is replaced by a fresh training run with the same result as the first
    Files.write(file, new byte[] {1, 2, 3});
    Map<String, Tensor> third =
        cache.trainOrLoad(ReferenceArch.MLP, "fixture", data, settings, seeds, Device.cpu());
    assertArrayEquals(first.get("fc1.weight").values(), third.get("fc1.weight").values());
  }
}
