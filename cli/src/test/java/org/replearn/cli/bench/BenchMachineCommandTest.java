package org.replearn.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;

/**
 * {@code bench machine} prints the machine record and a kernel bench reads it back with {@code
 * --machine FILE}: keys and consistency only, never speeds.
 */
class BenchMachineCommandTest {
  @TempDir Path dir;

  private static final String[] TINY = {
    "bench",
    "machine",
    "--read-mib",
    "1",
    "--fma-iterations",
    "100",
    "--warmup-seconds",
    "0",
    "--repeats",
    "1",
    "--json"
  };

  @Test
  void machineFiguresAreRecordedForEachThreadCount() throws Exception {
    CliRun run = CliRun.of(TINY);
    assertEquals(0, run.code(), run.err());
    JsonNode m = run.json();
    assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), m.get("vectorBits").asInt());
    assertEquals(FloatVector.SPECIES_PREFERRED.length(), m.get("floatLanes").asInt());
    assertEquals(1 << 20, m.get("readArrayBytes").asLong());
    assertTrue(m.get("cpuModel").asText().length() > 0);
    assertEquals(2, m.get("figures").size());
    for (int t = 0; t < 2; t++) {
      JsonNode f = m.get("figures").get(t);
      assertEquals(t + 1, f.get("threads").asInt());
      assertTrue(f.get("readGBps").asDouble() > 0, f.toString());
      assertTrue(f.get("fmaGflops").asDouble() > 0, f.toString());
      assertEquals(f.get("readGBps").asDouble(), f.get("readGBpsSpread").get("median").asDouble());
    }
  }

  @Test
  void aSavedMachineFileFeedsTheKernelBenchRoofline() throws Exception {
    CliRun machine = CliRun.of(TINY);
    Path file = dir.resolve("machine.json");
    Files.writeString(file, machine.out());
    JsonNode b =
        CliRun.of(
                "privacy",
                "bench",
                "--sizes",
                "200,16,3",
                "--repeats",
                "3",
                "--warmup-seconds",
                "0",
                "--threads",
                "1",
                "--machine",
                file.toString(),
                "--json")
            .json();
    JsonNode row = b.get("results").get(0);
    JsonNode roofline = row.get("roofline");
    double gflops = b.get("machine").get("figures").get(0).get("fmaGflops").asDouble();
    double gbps = b.get("machine").get("figures").get(0).get("readGBps").asDouble();
    JsonNode work = row.get("work");
    double bound =
        Math.max(
            (work.get("flops").asDouble() + 24 * work.get("exps").asDouble()) / (gflops * 1e9),
            work.get("bytesRead").asDouble() / (gbps * 1e9));
    assertEquals(bound, roofline.get("boundSeconds").asDouble(), 1e-12 * bound);
    assertEquals(
        bound / (row.get("msPerStep").asDouble() / 1e3),
        roofline.get("fractionOfRoofline").asDouble(),
        1e-9);
    assertTrue(b.get("roofDrift").isNull(), "a saved file says nothing about this run's drift");
    assertTrue(row.get("msMin").asDouble() <= row.get("msPerStep").asDouble());
    assertTrue(row.get("msPerStep").asDouble() <= row.get("msMax").asDouble());
  }

  @Test
  void noneLeavesTheRooflineOutAndABadFileIsRefused() throws Exception {
    JsonNode b =
        CliRun.of(
                "privacy",
                "bench",
                "--sizes",
                "100,8,2",
                "--repeats",
                "1",
                "--warmup-seconds",
                "0",
                "--machine",
                "none",
                "--json")
            .json();
    assertTrue(b.get("results").get(0).get("roofline").isNull());
    assertTrue(b.get("roofDrift").isNull());
    assertTrue(b.get("results").get(0).get("work").get("flops").asDouble() > 0);
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"cpuModel\": \"x\"}");
    CliRun r = CliRun.of("privacy", "bench", "--sizes", "100,8,2", "--machine", bad.toString());
    assertTrue(r.code() == 2, r.err());
    assertTrue(r.err().contains("bad.json"), r.err());
  }

  @Test
  void badMachineSettingsAreRefused() {
    CliRun r = CliRun.of("bench", "machine", "--repeats", "0");
    assertEquals(2, r.code());
    assertEquals("replearn: --repeats must be >= 1, found 0", r.err().strip());
  }
}
