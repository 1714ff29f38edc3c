package org.replearn.cli.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;

/** {@code replearn encode} on bad input: exit code 2 and one line naming input, rule and value. */
class EncodeCommandTest {
  @TempDir Path dir;

  @Test
  void unknownEncoderIsRejected() {
    CliRun run =
        CliRun.of(
            "encode",
            "train",
            "--synthetic-zoo",
            "2:1",
            "--encoder",
            "nope",
            "--out",
            dir.toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("--encoder must be one of [stats, flat, transformer, dws"), run.err());
    assertTrue(run.err().contains("found nope"), run.err());
  }

  @Test
  void benchRejectsNegativeThreadsAndWarmUp() {
    CliRun threads = CliRun.of("encode", "bench", "--threads", "-1", "--out", dir.toString());
    assertEquals(2, threads.code(), threads.err());
    assertTrue(threads.err().contains("--threads must be >= 0"), threads.err());
    assertTrue(threads.err().contains("found -1"), threads.err());
    CliRun warmup = CliRun.of("encode", "bench", "--warmup-seconds", "-2", "--out", dir.toString());
    assertEquals(2, warmup.code(), warmup.err());
    assertTrue(warmup.err().contains("--warmup-seconds must be >= 0"), warmup.err());
  }

  @Test
  void malformedSyntheticZooIsRejected() {
    CliRun run =
        CliRun.of(
            "encode",
            "train",
            "--synthetic-zoo",
            "3",
            "--encoder",
            "stats",
            "--out",
            dir.toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("--synthetic-zoo must be LEVELS:MODELS"), run.err());
  }

  @Test
  void evaluateNeedsExactlyOneOfRunAndSupervised() {
    CliRun run = CliRun.of("encode", "evaluate", "--synthetic-zoo", "2:1");
    assertEquals(2, run.code(), run.err());
    assertTrue(
        run.err().contains("--run / --supervised exactly one must be given, found neither"),
        run.err());
  }

  @Test
  void aFolderThatIsNotARunIsNamed() {
    CliRun run =
        CliRun.of(
            "encode",
            "embed",
            "--synthetic-zoo",
            "2:1",
            "--run",
            dir.toString(),
            "--out",
            dir.resolve("z.safetensors").toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains(dir.resolve("run.json").toString()), run.err());
  }
}
