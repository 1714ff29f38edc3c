package org.replearn.core.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who holds (or last held) an output folder, as written in its lock file.
 *
 * @param pid process id
 * @param command the command, e.g. {@code "zoo generate"}
 * @param startedAt ISO-8601 instant the run started
 * @param settings the run's settings by name (names and values as the caller chose to write them)
 */
public record RunHolder(long pid, String command, String startedAt, Map<String, String> settings) {
  public RunHolder {
    settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
  }

  /** {@code "pid 123, command 'zoo generate', started 2026-12-03T09:00:00Z"}. */
  public String describe() {
    return "pid " + pid + ", command '" + command + "', started " + startedAt;
  }
}
