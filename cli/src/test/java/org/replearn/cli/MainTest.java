package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.io.Json;
import picocli.CommandLine;

/** The command line as a user meets it: exit codes, stdout, stderr and the files written. */
public class MainTest {
  @TempDir Path tmp;

  @Test
  @Tag("engine")
  void versionPrintsReplearnDjlPytorchAndDevice() {
    CliRun r = CliRun.of("--version");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("replearn "), r.out());
    assertTrue(r.out().contains("DJL 0.36.0"), r.out());
    assertTrue(r.out().contains("PyTorch 2.7.1"), r.out());
    assertTrue(r.out().contains("device "), r.out());
  }

  @Test
  void helpListsReproduce() {
    CliRun r = CliRun.of("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("reproduce"), r.out());
  }

  /**
   * Every command's help renders as written: picocli reads descriptions as format strings, so a
   * bare "5%" made it warn on stderr and print the text unformatted.
   */
  @Test
  void everyCommandsHelpRendersWithoutWarnings() {
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> names = new ArrayList<>();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Deque<CommandLine> todo = new ArrayDeque<>(List.of(new CommandLine(new ReplearnCommand())));
      while (!todo.isEmpty()) {
        CommandLine command = todo.pop();
        command.getUsageMessage();
        names.add(command.getCommandSpec().qualifiedName());
        todo.addAll(command.getSubcommands().values());
      }
    } finally {
      System.setErr(before);
    }
    assertTrue(names.size() > 20, names.toString());
    assertEquals("", captured.toString(StandardCharsets.UTF_8), names.toString());
  }

  @Test
  void unknownOptionIsExitTwoWithOneLine() {
    CliRun r = CliRun.of("--bogus");
    assertEquals(2, r.code());
    assertEquals(
        List.of("replearn: Unknown option: '--bogus' (see 'replearn --help')"), r.errLines());
    assertEquals("", r.out());
  }

  @Test
  void badOptionValueIsExitTwoWithOneLineNamingOptionAndValue() {
    CliRun r = CliRun.of("reproduce", "--seed", "abc");
    assertEquals(2, r.code());
    assertEquals(
        List.of(
            "replearn: Invalid value for option '--seed': 'abc' is not a long"
                + " (see 'replearn reproduce --help')"),
        r.errLines());
  }

  @Test
  void badScaleNamesTheOptionAndTheValueAndWritesNothing() {
    Path out = tmp.resolve("run");
    CliRun r = CliRun.of("reproduce", "--scale", "bogus", "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals(
        List.of("replearn: --scale must be smoke, small, medium or paper, found bogus"),
        r.errLines());
    assertEquals("", r.out());
    assertFalse(Files.exists(out));
  }

  @Test
  @Tag("engine")
  @Tag("slow")
  void smokeReproduceWritesReportResultsAndManifest() throws Exception {
    Path out = tmp.resolve("run");
    CliRun r = CliRun.of("reproduce", "--scale", "smoke", "--out", out.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(1, lines.size(), "--json prints exactly one JSON object: " + r.out());
    JsonNode printed = Json.mapper().readTree(lines.get(0));
    assertFalse(printed.get("failed").asBoolean());
    assertEquals(out.resolve("report/index.html").toString(), printed.get("report").asText());

    String html = Files.readString(out.resolve("report/index.html"));
    assertTrue(html.contains("replearn reproduce (smoke)"), html);
    JsonNode results = Json.mapper().readTree(out.resolve("results.json").toFile());
    assertEquals("smoke", results.get("scale").asText());
    assertEquals(0, results.get("seed").asLong());
    assertEquals(
        printed.get("experiments").size(), results.get("results").size(), results.toString());
    // each encoder zoo's part is written on its own as soon as that zoo is done
    JsonNode encoders = results.get("results").get("encoders");
    JsonNode flInterim =
        Json.mapper().readTree(out.resolve("work/encoders/formal-languages/results.json").toFile());
    assertEquals(encoders.get("oodRows"), flInterim.get("oodRows"));
    assertEquals(encoders.get("verdicts"), flInterim.get("verdicts"));
    JsonNode mnistInterim =
        Json.mapper().readTree(out.resolve("work/encoders/tiled-mnist/results.json").toFile());
    assertEquals(encoders.get("tiled-mnist.verdicts"), mnistInterim.get("tiled-mnist.verdicts"));
    assertTrue(Files.exists(out.resolve("work/encoders/formal-languages/report/index.html")));
    // an encoder's figures: downstream scores per target.metric with their OOD interval
    JsonNode statsDownstream = encoders.get("stats").get("downstream");
    assertTrue(statsDownstream.size() > 0, encoders.toString());
    statsDownstream.forEach(
        score ->
            assertTrue(
                score.get("oodLow").asDouble() <= score.get("ood").asDouble()
                    && score.get("ood").asDouble() <= score.get("oodHigh").asDouble(),
                statsDownstream.toString()));
    JsonNode manifest = Json.mapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals("reproduce", manifest.get("command").asText());
    assertEquals("smoke", manifest.get("config").get("scale").asText());
    assertEquals("2.7.1", manifest.get("versions").get("engineVersion").asText());
    // the report as a reader sees it: every section, table and image in headless Chromium
    ReportBrowserTest.assertReadable(
        out.resolve("report/index.html"), Path.of("target", "report-smoke.png"));
  }
}
