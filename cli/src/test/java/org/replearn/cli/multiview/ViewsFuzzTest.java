package org.replearn.cli.multiview;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.replearn.core.testing.FuzzSeeds;
import org.replearn.core.testing.ReaderContract;

/**
 * Fuzzes the views JSON reader of {@code multiview solve}: any bytes give views or a bad-input
 * error naming the file. Memory: the reader refuses cost tensors over 2^28 entries before any is
 * allocated, and the views themselves are bounded by the input size.
 */
class ViewsFuzzTest {
  private static Path dir;

  @BeforeAll
  static void open() throws Exception {
    dir = Files.createTempDirectory("views-fuzz");
  }

  @AfterAll
  static void close() throws Exception {
    FuzzSeeds.deleteTree(dir);
  }

  @FuzzTest(maxDuration = "3m")
  void views(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(dir.resolve("views.json"), bytes);
    ReaderContract.check(file, () -> SolveCommand.readViews(file));
  }

  @Test
  void seeds() throws Exception {
    FuzzSeeds.check(
        ViewsFuzzTest.class,
        "views",
        new FuzzSeeds.Seed(
            "seed-three.json",
            file ->
                Files.writeString(
                    file, "{\"views\": [[[0, 1], [1, 0]], [[0.5, 0.5]], [[1e-3, -2], [3, 4.5]]]}")),
        new FuzzSeeds.Seed(
            "seed-two.json", file -> Files.writeString(file, "{\"views\":[[[1]],[[2],[3]]]}")));
    FuzzSeeds.checkEach(ViewsFuzzTest.class, "views", SolveCommand::readViews);
  }
}
