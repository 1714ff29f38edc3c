package org.replearn.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes the temporary files that {@code AtomicFiles} leaves behind when a process is killed
 * between creating a temporary file and renaming it ({@code .<name>.<digits>.tmp}). Only safe while
 * the folder's lock is held: a live writer's temporary file looks the same.
 */
final class StaleTemporaries {
  private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.\\d+\\.tmp");

  private StaleTemporaries() {}

  /**
   * Deletes every such file under {@code dir} (all depths).
   *
   * @return how many were deleted
   */
  static int remove(Path dir) throws IOException {
    List<Path> stale;
    try (Stream<Path> s = Files.walk(dir)) {
      stale =
          s.filter(Files::isRegularFile)
              .filter(p -> TEMPORARY.matcher(p.getFileName().toString()).matches())
              .toList();
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
    return stale.size();
  }
}
