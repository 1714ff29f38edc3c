package org.replearn.cli.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;
import org.replearn.core.io.Json;

@Tag("engine")
class ZooCommandTest {
  @TempDir Path tmp;

  @Test
  void generateInfoExportImportRoundTrip() throws Exception {
    Path zoo = tmp.resolve("zoo");
    CliRun g = CliRun.tinyZoo(zoo);
    assertEquals(0, g.code(), g.err());
    JsonNode gen = Json.mapper().readTree(g.out());
    assertEquals(6, gen.get("rows").asInt());
    assertTrue(Files.isRegularFile(zoo.resolve("manifest.json")));

    CliRun again = CliRun.of("zoo", "generate", "--resume", "--out", zoo.toString(), "--json");
    assertEquals(0, again.code(), again.err());
    assertEquals(2, Json.mapper().readTree(again.out()).get("batchesSkipped").asInt());

    CliRun info = CliRun.of("zoo", "info", zoo.toString(), "--json");
    assertEquals(0, info.code(), info.err());
    JsonNode i = Json.mapper().readTree(info.out());
    assertEquals(3, i.get("models").asInt());
    assertEquals(2, i.get("checkpoints").asInt());
    assertTrue(i.get("metrics").get("accepted").has("4"));

    Path official = tmp.resolve("official");
    CliRun e = CliRun.exportOfficial(zoo, official);
    assertEquals(0, e.code(), e.err());
    assertTrue(Files.isRegularFile(official.resolve("num_step_correct.npy")));
    CliRun imp =
        CliRun.of(
            "zoo",
            "import",
            "--from",
            official.toString(),
            "--out",
            tmp.resolve("back").toString(),
            "--json");
    assertEquals(0, imp.code(), imp.err());
    assertEquals(3, Json.mapper().readTree(imp.out()).get("models").asInt());
  }

  @Test
  void badInputEndsWithExitCodeTwoAndOneLine() {
    CliRun r =
        CliRun.of("zoo", "generate", "--task", "tomita", "--out", tmp.resolve("z").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--task") && r.err().contains("tomita"), r.err());
    CliRun rates =
        CliRun.of(
            "zoo", "generate", "--learning-rates", "0.01,0", "--out", tmp.resolve("r").toString());
    assertEquals(2, rates.code());
    assertTrue(rates.err().contains("--learning-rates must be three rates > 0"), rates.err());
    CliRun info = CliRun.of("zoo", "info", tmp.resolve("nothing").toString());
    assertEquals(2, info.code());
    CliRun format =
        CliRun.of(
            "zoo",
            "export",
            tmp.toString(),
            "--format",
            "csv",
            "--out",
            tmp.resolve("o").toString());
    assertEquals(2, format.code());
    assertTrue(format.err().contains("csv"), format.err());
  }
}
