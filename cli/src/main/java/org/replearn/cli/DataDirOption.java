package org.replearn.cli;

import java.nio.file.Path;
import org.replearn.core.data.DataCache;
import picocli.CommandLine.Option;

/**
 * {@code --data-dir}: the data cache of the commands that read MNIST or Fashion-MNIST (the IDX
 * files {@code replearn data fetch} writes).
 */
public final class DataDirOption {

  @Option(
      names = "--data-dir",
      description = "Data cache (default: $REPLEARN_CACHE or ~/.cache/replearn).")
  Path dataDir;

  /** {@code --data-dir}, or {@link DataCache#defaultDir()} when not given. */
  public Path dir() {
    return dataDir != null ? dataDir : DataCache.defaultDir();
  }
}
