package org.replearn.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("engine")
class RunManifestTest {
  @TempDir Path dir;

  @Test
  void roundTripsThroughJsonWithEveryField() throws IOException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("scale", "smoke");
    config.put("epochs", 3);
    config.put("lr", 0.5);
    config.put("only", List.of("m3g", "riem"));
    RunManifest written =
        RunManifest.write(dir, "reproduce", config, 42L, "cpu()", Duration.ofMillis(1500));
    RunManifest read = RunManifest.read(dir);
    assertEquals(written, read);
    assertEquals("reproduce", read.command());
    assertEquals(config, read.config());
    assertEquals(42L, read.seed());
    assertEquals(1.5, read.wallSeconds());
    assertTrue(
        read.gitRevision().matches("[0-9a-f]{40}") || read.gitRevision().equals("unknown"),
        read.gitRevision());
    assertTrue(read.versions().get("djl").startsWith("0.36"), read.versions().toString());
    assertEquals("2.7.1", read.versions().get("engineVersion"));
    JsonNode json = Json.mapper().readTree(dir.resolve("manifest.json").toFile());
    for (String field :
        List.of(
            "command",
            "config",
            "seed",
            "gitRevision",
            "versions",
            "device",
            "wallSeconds",
            "finishedAt")) {
      assertTrue(json.has(field), field);
    }
  }
}
