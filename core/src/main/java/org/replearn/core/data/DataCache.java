package org.replearn.core.data;

import java.nio.file.Path;

/** Where fetched data sets are cached: {@code $REPLEARN_CACHE}, else {@code ~/.cache/replearn}. */
public final class DataCache {
  /** Environment variable that overrides the cache folder. */
  public static final String ENV = "REPLEARN_CACHE";

  private DataCache() {}

  /** The default cache folder. */
  public static Path defaultDir() {
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "replearn");
  }
}
