package org.replearn.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;

/** {@code replearn data fetch} on bad input; none of these cases reaches the network. */
class DataCommandTest {
  @TempDir Path cache;

  @Test
  void aCorruptCachedFileGivesExitCode2AndNamesTheFile() throws IOException {
    Path labels = Files.createDirectories(cache.resolve("mnist")).resolve("t10k-labels-idx1-ubyte");
    // a label file cut short: its header promises 10000 labels
    Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0x27, 0x10, 7, 2, 1});

    CliRun run = CliRun.of("data", "fetch", "mnist", "--dir", cache.toString());

    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err()
            .contains(
                "replearn: "
                    + labels
                    + ": truncated: header promises 10000 labels (10008 bytes), found 11 bytes"
                    + " (delete it, or fetch again with --force)"),
        run.err());
  }

  @Test
  void aCachedFileWithTheWrongMagicGivesExitCode2() throws IOException {
    Path images =
        Files.createDirectories(cache.resolve("fashion-mnist")).resolve("train-images-idx3-ubyte");
    Files.write(images, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});

    CliRun run = CliRun.of("data", "fetch", "fashion-mnist", "--dir", cache.toString());

    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains(images + ": wrong magic: expected 2051 (IDX images), found 2049"),
        run.err());
  }

  @Test
  void anUnknownDatasetGivesExitCode2() {
    CliRun run = CliRun.of("data", "fetch", "cifar10", "--dir", cache.toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("dataset must be one of [mnist, fashion-mnist], found cifar10"),
        run.err());
  }
}
