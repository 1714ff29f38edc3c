package org.replearn.cli.zoo;

import java.io.IOException;
import java.nio.file.Path;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DataCache;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;

/** Helpers shared by the zoo commands. */
final class ZooCli {
  private ZooCli() {}

  /** Sets PyTorch's intra-op threads before the engine starts (0 keeps the engine default). */
  static void threads(int threads) {
    InvalidInputException.require(threads >= 0, "--threads", "must be >= 0", threads);
    if (threads > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
  }

  /** The MNIST training set from the cache ({@code dataDir} or the default). */
  static ImageDataset mnist(Path dataDir) throws IOException {
    return Datasets.load(
        DatasetName.MNIST, Split.TRAIN, dataDir != null ? dataDir : DataCache.defaultDir());
  }
}
