package org.replearn.cli.multiview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;

class SolveCommandTest {
  @TempDir Path dir;

  /** Spec vector A through the CLI: k = 3 views of {+1, -1}, eps = 4. */
  @Test
  void solvesVectorAAndReportsM3g() throws Exception {
    Path input = dir.resolve("views.json");
    Files.writeString(input, "{\"views\": [[[1],[-1]], [[1],[-1]], [[1],[-1]]]}");
    JsonNode out =
        CliRun.of(
                "multiview",
                "solve",
                "--input",
                input.toString(),
                "--epsilon",
                "4",
                "--gradient",
                "--json")
            .json();
    assertEquals(-4.135600537892, out.get("ot").asDouble(), 1e-11);
    // <J, C> = 0, so M3G = -eps log 2 - OT
    assertEquals(-4 * Math.log(2) + 4.135600537892, out.get("m3g").asDouble(), 1e-11);
    assertEquals(0.0, out.get("groundTruthCost").asDouble(), 0);
    assertEquals(2 * 0.355617297114, out.get("diagonalMass").asDouble(), 1e-11);
    assertTrue(out.get("converged").asBoolean());
    assertEquals(3, out.get("potentials").size());
    assertEquals(3, out.get("gradient").size());
  }

  @Test
  void malformedInputExitsWithCode2() throws Exception {
    Path input = dir.resolve("bad.json");
    Files.writeString(input, "{\"views\": [[[1, 2]], [[1]]]}");
    assertEquals(2, CliRun.of("multiview", "solve", "--input", input.toString(), "--json").code());
    assertEquals(
        2,
        CliRun.of("multiview", "solve", "--input", dir.resolve("missing.json").toString()).code());
    Files.writeString(input, "{\"views\": [[[1]], [[2]]]}");
    assertEquals(
        2, CliRun.of("multiview", "solve", "--input", input.toString(), "--epsilon", "-1").code());
  }
}
