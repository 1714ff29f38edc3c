package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.io.RunManifest;
import org.replearn.core.testing.FuzzSeeds;
import org.replearn.core.testing.ReaderContract;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Fuzzes the readers of run-folder files: an emulation run's {@code run.json} and any run's {@code
 * manifest.json}. Any bytes give the record or a bad-input error naming the file.
 */
class RunFilesFuzzTest {
  /** Where the fuzz inputs are written, shared by all inputs of the class. */
  @TempDir static Path dir;

  @FuzzTest(maxDuration = "3m")
  void runJson(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(dir.resolve(EmulationRun.FILE), bytes);
    ReaderContract.check(file, () -> EmulationRun.read(dir));
  }

  @FuzzTest(maxDuration = "3m")
  void manifest(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(dir.resolve(RunManifest.FILE_NAME), bytes);
    ReaderContract.check(file, () -> RunManifest.read(dir));
  }

  static EmulationRun run() {
    return new EmulationRun(
        EncoderKind.STATS,
        new LstmSpec(6, 8, 2, 6),
        new EmulationConfig(6, 16, 3e-3, 0.01, 1.0, 3, 0, EmulationLoss.TOTAL_VARIATION, 32, 0),
        9);
  }

  static RunManifest manifest() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("scale", "smoke");
    config.put("lr", 0.5);
    return new RunManifest(
        "reproduce",
        config,
        42,
        "unknown",
        Map.of("djl", "0.36.0"),
        "cpu()",
        1.5,
        "2026-12-03T00:00:00Z");
  }

  @Test
  void seeds() throws Exception {
    FuzzSeeds.check(RunFilesFuzzTest.class, "runJson", FuzzSeeds.json("seed-run.json", run()));
    FuzzSeeds.check(
        RunFilesFuzzTest.class, "manifest", FuzzSeeds.json("seed-manifest.json", manifest()));
    FuzzSeeds.checkEachAt(
        RunFilesFuzzTest.class,
        "runJson",
        dir.resolve(EmulationRun.FILE),
        () -> assertEquals(run(), EmulationRun.read(dir)));
    FuzzSeeds.checkEachAt(
        RunFilesFuzzTest.class,
        "manifest",
        dir.resolve(RunManifest.FILE_NAME),
        () -> assertEquals(manifest(), RunManifest.read(dir)));
  }
}
