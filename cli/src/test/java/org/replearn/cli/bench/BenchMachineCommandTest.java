package org.replearn.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
      assertTrue(f.get("divGflops").asDouble() > 0, f.toString());
      assertEquals(f.get("readGBps").asDouble(), f.get("readGBpsSpread").get("median").asDouble());
      assertEquals(
          f.get("divGflops").asDouble(), f.get("divGflopsSpread").get("median").asDouble());
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
    double divGflops = b.get("machine").get("figures").get(0).get("divGflops").asDouble();
    double divisionSeconds = work.get("divisions").asDouble() / (divGflops * 1e9);
    assertEquals(2 * 200, work.get("divisions").asDouble());
    assertEquals(
        divisionSeconds, roofline.get("divisionSeconds").asDouble(), 1e-12 * divisionSeconds);
    assertEquals(
        Math.min(1, bound / divisionSeconds), roofline.get("fractionCeiling").asDouble(), 1e-12);
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
  void aMachineFileWithoutTheDivisionRateIsRefusedNamingIt() throws Exception {
    JsonNode m = CliRun.of(TINY).json();
    for (JsonNode f : m.get("figures")) {
      ((ObjectNode) f).remove("divGflops");
    }
    Path old = dir.resolve("old-machine.json");
    Files.writeString(old, m.toString());
    CliRun r = CliRun.of("privacy", "bench", "--sizes", "100,8,2", "--machine", old.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("old-machine.json") && r.err().contains("divGflops"), r.err());
  }

  @Test
  void badMachineSettingsAreRefused() {
    CliRun r = CliRun.of("bench", "machine", "--repeats", "0");
    assertEquals(2, r.code());
    assertEquals("replearn: --repeats must be >= 1, found 0", r.err().strip());
  }
}
