package org.replearn.cli.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.Main;

/** {@code replearn encode} on bad input: exit code 2 and one line naming input, rule and value. */
class EncodeCommandTest {
  @TempDir Path dir;
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
  void unknownEncoderIsRejected() {
    int code =
        Main.run(
            "encode",
            "train",
            "--synthetic-zoo",
            "2:1",
            "--encoder",
            "nope",
            "--out",
            dir.toString());
    assertEquals(2, code, stderr());
    assertTrue(
        stderr().contains("--encoder must be one of [stats, flat, transformer, dws"), stderr());
    assertTrue(stderr().contains("found nope"), stderr());
  }

  @Test
  void malformedSyntheticZooIsRejected() {
    int code =
        Main.run(
            "encode",
            "train",
            "--synthetic-zoo",
            "3",
            "--encoder",
            "stats",
            "--out",
            dir.toString());
    assertEquals(2, code, stderr());
    assertTrue(stderr().contains("--synthetic-zoo must be LEVELS:MODELS"), stderr());
  }

  @Test
  void evaluateNeedsExactlyOneOfRunAndSupervised() {
    int code = Main.run("encode", "evaluate", "--synthetic-zoo", "2:1");
    assertEquals(2, code, stderr());
    assertTrue(
        stderr().contains("--run / --supervised exactly one must be given, found neither"),
        stderr());
  }

  @Test
  void aFolderThatIsNotARunIsNamed() {
    int code =
        Main.run(
            "encode",
            "embed",
            "--synthetic-zoo",
            "2:1",
            "--run",
            dir.toString(),
            "--out",
            dir.resolve("z.safetensors").toString());
    assertEquals(2, code, stderr());
    assertTrue(stderr().contains(dir.resolve("run.json").toString()), stderr());
  }
}
