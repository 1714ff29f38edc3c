package org.replearn.cli.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.JsonOption;
import org.replearn.core.data.DataCache;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replearn data fixture mnist|fashion-mnist --out DIR}: writes the small committed fixtures
 * (the first 500 training and 200 test images) from the full cached data set.
 */
@Command(
    name = "fixture",
    mixinStandardHelpOptions = true,
    description = {
      "Write a data set's test fixture: the first "
          + Datasets.FIXTURE_TRAIN
          + " training and "
          + Datasets.FIXTURE_TEST
          + " test images as gzip IDX files",
      "in <out>/<dataset>/ (the committed ones lie in core/src/main/resources/org/replearn/core/data/fixtures)."
    })
public final class FixtureCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Parameters(paramLabel = "DATASET", description = "mnist or fashion-mnist")
  String dataset;

  @Option(names = "--out", required = true, description = "Folder to write <dataset>/*.gz into.")
  Path out;

  @Option(
      names = "--dir",
      description =
          "Cache folder of the full data set (default: $REPLEARN_CACHE, else ~/.cache/replearn).")
  Path dir;

  /** What {@code data fixture} prints: the data set and the files written. */
  record Written(String dataset, List<String> files) {}

  @Override
  public Integer call() throws Exception {
    DatasetName name = DatasetName.parse(dataset);
    Path cacheDir = dir != null ? dir : DataCache.defaultDir();
    List<String> written = new ArrayList<>();
    for (Split split : Split.values()) {
      for (Path p : Datasets.writeFixture(name, split, Datasets.load(name, split, cacheDir), out)) {
        written.add(p.toString());
      }
    }
    Written printed = new Written(name.id(), written);
    output.print(printed);
    return 0;
  }
}
