package org.replearn.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.replearn.core.io.Json;

/**
 * The seed corpus of the Jazzer fuzz tests: valid files our writers produce, committed where Jazzer
 * looks for a test's inputs ({@code src/test/resources/<package>/<Class>Inputs/<method>/}), so
 * {@code mvn test} replays them (with every finding saved beside them) and a fuzzing run starts
 * from them. A test checks that the committed seeds are exactly what the writers produce now;
 * {@code -Dreplearn.fuzz.writeSeeds=true} rewrites them.
 */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  /** Writes one seed file. */
  @FunctionalInterface
  public interface Writer {
    void write(Path file) throws Exception;
  }

  /** Reads one corpus file (must not throw for a seed). */
  @FunctionalInterface
  public interface Reader {
    void read(Path file) throws Exception;
  }

  /** Reads the file a seed was copied to (must not throw for a seed). */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** A named seed and how to write it. */
  public record Seed(String name, Writer writer) {}

  /** A seed that is {@code value} written as JSON by {@link Json#mapper()}. */
  public static Seed json(String name, Object value) {
    return new Seed(name, file -> Files.write(file, Json.mapper().writeValueAsBytes(value)));
  }

  /** The committed inputs folder of fuzz test {@code method} of {@code test}. */
  public static Path inputs(Class<?> test, String method) {
    return Path.of("src/test/resources")
        .resolve(test.getPackageName().replace('.', '/'))
        .resolve(test.getSimpleName() + "Inputs")
        .resolve(method);
  }

  /** Checks (or, with {@code -Dreplearn.fuzz.writeSeeds=true}, writes) the committed seeds. */
  public static void check(Class<?> test, String method, Seed... seeds) throws Exception {
    Path folder = inputs(test, method);
    boolean rewrite = Boolean.getBoolean("replearn.fuzz.writeSeeds");
    Path scratch = Files.createTempDirectory("seeds");
    try {
      for (Seed s : seeds) {
        Path fresh = scratch.resolve(s.name());
        s.writer().write(fresh);
        Path committed = folder.resolve(s.name());
        if (rewrite) {
          Files.createDirectories(folder);
          Files.copy(fresh, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else if (!Files.isRegularFile(committed)) {
          fail(committed + " is missing: run with -Dreplearn.fuzz.writeSeeds=true");
        } else {
          assertArrayEquals(
              Files.readAllBytes(fresh),
              Files.readAllBytes(committed),
              committed + " is stale: run with -Dreplearn.fuzz.writeSeeds=true");
        }
      }
    } finally {
      deleteTree(scratch);
    }
  }

  /** Reads every committed seed ({@code seed-*}) with {@code reader}; none may fail. */
  public static void checkEach(Class<?> test, String method, Reader reader) throws Exception {
    Path folder = inputs(test, method);
    List<Path> seeds;
    try (Stream<Path> files = Files.list(folder)) {
      seeds = files.filter(f -> f.getFileName().toString().startsWith("seed-")).sorted().toList();
    }
    assertTrue(!seeds.isEmpty(), "no seeds in " + folder);
    for (Path seed : seeds) {
      reader.read(seed);
    }
  }

  /**
   * Copies every committed seed ({@code seed-*}) in turn to {@code target}, replacing it, and runs
   * {@code read}, which reads {@code target}; none may fail.
   */
  public static void checkEachAt(Class<?> test, String method, Path target, Action read)
      throws Exception {
    checkEach(
        test,
        method,
        seed -> {
          Files.copy(seed, target, StandardCopyOption.REPLACE_EXISTING);
          read.run();
        });
  }

  /** Deletes a folder and everything under it. */
  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
