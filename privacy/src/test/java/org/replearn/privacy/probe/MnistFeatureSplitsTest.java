package org.replearn.privacy.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;
import org.replearn.core.io.Json;
import org.replearn.core.io.Safetensors;

/** Feature splits of the committed MNIST fixtures, and their cache. */
@Tag("engine")
class MnistFeatureSplitsTest {
  private static final ImageDataset TRAIN = Datasets.fixture(DatasetName.MNIST, Split.TRAIN);
  private static final ImageDataset TEST = Datasets.fixture(DatasetName.MNIST, Split.TEST);

  private static MnistFeatureSplits build(int privateCount, FeatureCache cache) throws IOException {
    return MnistFeatureSplits.build(
        TRAIN, TEST, privateCount, 100, 5, 8, new Seeds(4), Device.cpu(), cache);
  }

  @Test
  void secondBuildReadsTheCacheAndOtherSizesReuseTheBackbone(@TempDir Path dir) throws Exception {
    FeatureCache cache = FeatureCache.in(dir);
    MnistFeatureSplits first = build(200, cache);
    assertEquals(MnistFeatureSplits.Source.TRAINED, first.source());
    assertEquals(250, first.publicSplit().n());
    assertEquals(200, first.privateTrain().n());
    assertEquals(8, first.test().p());

    MnistFeatureSplits again = build(200, cache);
    assertEquals(MnistFeatureSplits.Source.CACHED_FEATURES, again.source());
    assertEquals(first.privateTrain(), again.privateTrain());
    assertEquals(first.test(), again.test());
    assertEquals(first.publicSplit(), again.publicSplit());
    assertEquals(first.backboneAccuracy(), again.backboneAccuracy());

    // fewer private examples: the same backbone, restored from its file, gives the same features
    MnistFeatureSplits fewer = build(50, cache);
    assertEquals(MnistFeatureSplits.Source.CACHED_BACKBONE, fewer.source());
    assertEquals(first.test(), fewer.test());
    assertArrayEquals(Arrays.copyOf(first.privateTrain().x(), 50 * 8), fewer.privateTrain().x());
  }

  @Test
  void aCorruptEntryIsDetectedAndRebuilt(@TempDir Path dir) throws Exception {
    FeatureCache cache = FeatureCache.in(dir);
    MnistFeatureSplits first = build(100, cache);
    Path file = onlyFile(dir, "features-");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() - 3);
      int b = f.read();
      f.seek(f.length() - 3);
      f.write(b ^ 1);
    }
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Map<String, Object> anyKey = Map.of("k", 1);
      assertTrue(cache.read("features", anyKey, m).isEmpty());
      CorruptFileException e =
          assertThrows(CorruptFileException.class, () -> readOnly(cache, file, m));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
    MnistFeatureSplits rebuilt = build(100, cache);
    assertEquals(MnistFeatureSplits.Source.CACHED_BACKBONE, rebuilt.source());
    assertEquals(first.privateTrain(), rebuilt.privateTrain());
    assertEquals(MnistFeatureSplits.Source.CACHED_FEATURES, build(100, cache).source());
  }

  /** Reads the entry in {@code file} with the key written in its header. */
  @SuppressWarnings("unchecked")
  private static void readOnly(FeatureCache cache, Path file, NDManager m) throws IOException {
    String key = Safetensors.readHeader(file).metadata().get("key");
    cache.read("features", Json.mapper().readValue(key, Map.class), m);
  }

  private static Path onlyFile(Path dir, String prefix) throws IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().get();
    }
  }
}
