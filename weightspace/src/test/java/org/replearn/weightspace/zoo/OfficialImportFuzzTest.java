package org.replearn.weightspace.zoo;

import ai.djl.ndarray.types.Shape;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;
import org.replearn.core.testing.FuzzSeeds;

/**
 * Fuzzes the official zoo import: the input's first byte picks one file of a valid two-model
 * official folder, the rest replaces that file. Any input gives a zoo or a bad-input error naming a
 * file of the folder; a failed import leaves no zoo folder behind.
 */
@Tag("engine")
class OfficialImportFuzzTest {
  /** The files an input may replace, by its first byte (modulo their count). */
  static final List<String> FILES =
      List.of(
          "num_step_correct.npy",
          "tasks.npy",
          "args.json",
          "sequences.npy",
          "logits.npy",
          "parameters.npy");

  /** The valid official folder every input starts from. */
  @TempDir static Path base;

  /** Where each input's folder ({@code from}) and import ({@code out}) are written. */
  @TempDir static Path work;

  @BeforeAll
  static void open() throws Exception {
    writeOfficial(base);
  }

  @FuzzTest(maxDuration = "3m")
  void officialImport(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    Path from = work.resolve("from");
    Path out = work.resolve("out");
    FuzzSeeds.deleteTree(from);
    FuzzSeeds.deleteTree(out);
    Files.createDirectories(from);
    for (String f : FILES) {
      Files.copy(base.resolve(f), from.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String target = FILES.get(Math.floorMod(input[0], FILES.size()));
    Files.write(from.resolve(target), Arrays.copyOfRange(input, 1, input.length));
    try {
      OfficialZoo.importFrom(from, new ZooStore(out));
    } catch (InvalidInputException e) {
      String m = e.getMessage();
      if (!m.contains(from.toString())) {
        throw new AssertionError("error names no file of the official folder: " + m, e);
      }
      if (m.contains("\n")) {
        throw new AssertionError("error spans several lines: " + m, e);
      }
      if (Files.exists(out)) {
        throw new AssertionError("a failed import left " + out);
      }
      try (var left = Files.list(work)) {
        List<Path> names = left.toList();
        if (names.size() != 1) {
          throw new AssertionError("a failed import left scratch files: " + names);
        }
      }
    }
  }

  /** A two-model formal-language folder in the official layout (steps 0 and 100). */
  static void writeOfficial(Path dir) throws Exception {
    OfficialFolderFixture.writeArrays(dir, 4);
    writeSmall(dir);
  }

  private static void writeSmall(Path dir) throws Exception {
    long[] nsc = {0, 0, 3, 0, 100, 7, 1, 0, 2, 1, 100, 9};
    long[] tasks = {0, 1, 2, 3, 0, 1, 2, 3, 0, -1, 1, 2, 0, -1, 1, 2};
    Npy.write(dir.resolve("num_step_correct.npy"), NpyArray.of(nsc, new Shape(4, 3)));
    Npy.write(dir.resolve("tasks.npy"), NpyArray.of(tasks, new Shape(4, 4)));
    OfficialFolderFixture.writeArgs(dir);
  }

  /** Seeds: each small file of the valid folder, prefixed with its index in {@link #FILES}. */
  @Test
  void seeds(@TempDir Path small) throws Exception {
    writeSmall(small);
    FuzzSeeds.Seed[] seeds = new FuzzSeeds.Seed[3];
    for (int k = 0; k < 3; k++) {
      byte index = (byte) k;
      Path source = small.resolve(FILES.get(k));
      seeds[k] =
          new FuzzSeeds.Seed(
              "seed-" + FILES.get(k),
              file -> {
                byte[] body = Files.readAllBytes(source);
                byte[] in = new byte[body.length + 1];
                in[0] = index;
                System.arraycopy(body, 0, in, 1, body.length);
                Files.write(file, in);
              });
    }
    FuzzSeeds.check(OfficialImportFuzzTest.class, "officialImport", seeds);
    FuzzSeeds.checkEach(
        OfficialImportFuzzTest.class,
        "officialImport",
        seed -> {
          officialImport(Files.readAllBytes(seed));
          OfficialZoo.importFrom(work.resolve("from"), new ZooStore(work.resolve("again")));
          FuzzSeeds.deleteTree(work.resolve("again"));
        });
  }
}
