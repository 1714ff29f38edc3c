package org.replearn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTask;

/** A tiny formal-language zoo, its one-machine generation, and a byte-for-byte folder check. */
final class ZooFixture {
  private ZooFixture() {}

  /** Official sequence length and n range, few samples and rollouts, so a batch trains fast. */
  static final ZooTask TASK = new FormalLanguageZoo(42, 10, 1e-4, 20, 3, false);

  /**
   * {@code models} models in batches of {@code batchModels}, checkpoints after 0, 3 and {@code
   * last}.
   */
  static ZooSpec spec(int models, int batchModels, long last) {
    TrainingRecipe recipe =
        new TrainingRecipe(4, new long[] {0, 3, last}, new double[] {0.01, 0.003, 0.0003});
    return ZooGenerator.newSpec(TASK, recipe, models, batchModels, 7);
  }

  /** The zoo as {@code replearn zoo generate} writes it on one machine (2 workers). */
  static Path generateLocally(ZooSpec spec, Path dir) throws IOException {
    ZooGenerator.generate(new ZooStore(dir), TASK, spec, false, (b, s) -> {}, 2);
    return dir;
  }

  /** A folder on the local file system as a job output. */
  static ClusterFolder folder(Path dir) {
    return new ClusterFolder(dir.toUri().toString(), Map.of());
  }

  /**
   * Asserts that {@code actual} holds exactly the zoo files of {@code expected} ({@code zoo.json},
   * {@code index.json}, every shard), byte for byte, and nothing else.
   */
  static void assertSameZoo(Path expected, Path actual) throws IOException {
    List<String> want = zooFiles(expected);
    assertEquals(want, files(actual), "files of the Spark zoo");
    for (String f : want) {
      assertArrayEquals(
          Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
    }
  }

  private static List<String> zooFiles(Path dir) throws IOException {
    return files(dir).stream()
        .filter(f -> f.equals("zoo.json") || f.equals("index.json") || f.startsWith("shards/"))
        .toList();
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
