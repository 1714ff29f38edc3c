package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds IDX files, plain or {@code .gz}, in a folder unpacked from a registry package. */
final class PackageFolder {
  private PackageFolder() {}

  /**
   * Each file's copy in {@code folder}, by name.
   *
   * @param source the package, for the message
   * @throws IOException if a file is missing
   */
  static Map<String, Path> locate(Path folder, List<PinnedFile> files, String source)
      throws IOException {
    Map<String, Path> found = new LinkedHashMap<>();
    for (PinnedFile file : files) {
      Path path =
          file.locate(folder)
              .orElseThrow(
                  () ->
                      new IOException(
                          source + " has no " + file.name() + " (or .gz) in " + folder));
      found.put(file.name(), path);
    }
    return found;
  }
}
