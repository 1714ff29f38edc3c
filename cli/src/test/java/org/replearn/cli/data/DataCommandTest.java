package org.replearn.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.Main;

/** {@code replearn data fetch} on bad input; none of these cases reaches the network. */
class DataCommandTest {
  @TempDir Path cache;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCorruptCachedFileGivesExitCode2AndNamesTheFile() throws IOException {
    Path labels = Files.createDirectories(cache.resolve("mnist")).resolve("t10k-labels-idx1-ubyte");
    // a label file cut short: its header promises 10000 labels
    Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0x27, 0x10, 7, 2, 1});

    int code = Main.run("data", "fetch", "mnist", "--dir", cache.toString());

    assertEquals(2, code, stderr());
    assertTrue(
        stderr()
            .contains(
                "replearn: "
                    + labels
                    + ": truncated: header promises 10000 labels (10008 bytes), found 11 bytes"
                    + " (delete it, or fetch again with --force)"),
        stderr());
  }

  @Test
  void aCachedFileWithTheWrongMagicGivesExitCode2() throws IOException {
    Path images =
        Files.createDirectories(cache.resolve("fashion-mnist")).resolve("train-images-idx3-ubyte");
    Files.write(images, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});

    int code = Main.run("data", "fetch", "fashion-mnist", "--dir", cache.toString());

    assertEquals(2, code, stderr());
    assertTrue(
        stderr().contains(images + ": wrong magic: expected 2051 (IDX images), found 2049"),
        stderr());
  }

  @Test
  void anUnknownDatasetGivesExitCode2() {
    int code = Main.run("data", "fetch", "cifar10", "--dir", cache.toString());
    assertEquals(2, code);
    assertTrue(
        stderr().contains("dataset must be one of [mnist, fashion-mnist], found cifar10"),
        stderr());
  }
}
