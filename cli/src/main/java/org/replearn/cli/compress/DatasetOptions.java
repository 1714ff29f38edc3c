package org.replearn.cli.compress;

import java.io.IOException;
import org.replearn.cli.DataDirOption;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --dataset}, {@code --data-dir} and {@code --fixture}: where images come from. */
public final class DatasetOptions {

  @Option(
      names = "--dataset",
      description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).",
      defaultValue = "mnist")
  String dataset;

  @Mixin DataDirOption dataDir;

  @Option(
      names = "--fixture",
      description = "Use the small committed fixture (500 train / 200 test images) instead.")
  boolean fixture;

  ImageDataset load(Split split) throws IOException {
    DatasetName name = DatasetName.parse(dataset);
    return fixture ? Datasets.fixture(name, split) : Datasets.load(name, split, dataDir.dir());
  }
}
