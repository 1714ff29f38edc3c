package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.replearn.core.io.Json;

/**
 * Asserts that two run folders hold the same outputs: the same file names, every binary file equal
 * byte for byte, every JSON file equal value for value once the fields that hold timings (or
 * whether the run was resumed) are removed.
 */
public final class FolderComparison {
  /** JSON fields that legitimately differ between an interrupted and an uninterrupted run. */
  public static final Set<String> TIMING_FIELDS =
      Set.of("seconds", "trainSeconds", "wallSeconds", "finishedAt", "resume");

  private FolderComparison() {}

  /**
   * Compares {@code actual} with {@code expected}; files whose name is in {@code ignored} (such as
   * the lock file, which names the process) are left out.
   */
  public static void assertSameOutputs(Path expected, Path actual, Set<String> ignored)
      throws IOException {
    List<String> names = files(expected, ignored);
    assertEquals(names, files(actual, ignored), "files of " + actual + " vs " + expected);
    for (String name : names) {
      Path a = expected.resolve(name);
      Path b = actual.resolve(name);
      if (name.endsWith(".json")) {
        assertEquals(withoutTimings(a), withoutTimings(b), name);
      } else {
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), name + " differs");
      }
    }
  }

  private static List<String> files(Path dir, Set<String> ignored) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s
          .filter(Files::isRegularFile)
          .filter(p -> !ignored.contains(p.getFileName().toString()))
          .map(p -> dir.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
          .stream()
          .toList();
    }
  }

  private static JsonNode withoutTimings(Path file) throws IOException {
    JsonNode tree = Json.mapper().readTree(file.toFile());
    strip(tree);
    return tree;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(TIMING_FIELDS);
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      strip(it.next());
    }
  }
}
