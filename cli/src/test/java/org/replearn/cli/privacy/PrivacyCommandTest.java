package org.replearn.cli.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replearn.cli.CliRun;

/** {@code replearn privacy ...} end to end through {@link CliRun}. */
class PrivacyCommandTest {

  @Test
  void epsilonGdpAndRdp() throws Exception {
    JsonNode gdp =
        CliRun.of(
                "privacy", "epsilon", "--sigma", "1", "--steps", "10", "--delta", "1e-5", "--json")
            .json();
    assertEquals(17.85658683010762, gdp.get("epsilon").asDouble(), 1e-9);
    assertEquals(Math.sqrt(10), gdp.get("mu").asDouble(), 1e-12);
    JsonNode rdp =
        CliRun.of(
                "privacy",
                "epsilon",
                "--sigma",
                "1.5",
                "--steps",
                "2250",
                "--delta",
                "1e-5",
                "--sampling-rate",
                "0.04",
                "--rdp-convention",
                "opacus",
                "--json")
            .json();
    assertEquals("rdp", rdp.get("accountant").asText());
    assertEquals(7.32911117143, rdp.get("epsilon").asDouble(), 7.33e-6);
    assertEquals(3.9, rdp.get("order").asDouble());
  }

  @Test
  void sigmaRoundTrips() throws Exception {
    JsonNode s =
        CliRun.of("privacy", "sigma", "--epsilon", "1", "--delta", "1e-5", "--steps", "1", "--json")
            .json();
    assertEquals(3.7306, s.get("sigma").asDouble(), 5e-5);
    JsonNode e =
        CliRun.of(
                "privacy",
                "epsilon",
                "--sigma",
                s.get("sigma").asText(),
                "--steps",
                "1",
                "--delta",
                "1e-5",
                "--json")
            .json();
    assertEquals(1, e.get("epsilon").asDouble(), 1e-9);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "privacy epsilon --sigma 0 --steps 1 --delta 1e-5 | --sigma",
        "privacy epsilon --sigma -1 --steps 1 --delta 1e-5 | -1",
        "privacy epsilon --sigma 1 --steps 1 --delta 0 | --delta",
        "privacy sigma --epsilon 1 --steps 1 --delta 1.5 | 1.5",
        "privacy probe --features synthetic --epsilon 1 --delta 0 | --delta",
        "privacy probe --features synthetic --epsilon 1 --delta 1e-5 --sampling-rate 0 | --sampling-rate",
        "privacy probe --features synthetic --epsilon 1 --delta 1e-5 --sampling-rate 2 | 2.0",
        "privacy epsilon --sigma 1 --steps 1 --delta 1 | --delta",
        "privacy epsilon --sigma 1 --steps 1 --delta 1e-5 --sampling-rate 0 | --sampling-rate",
        "privacy epsilon --sigma 1 --steps 1 --delta 1e-5 --sampling-rate 1.5 | --sampling-rate",
        "privacy epsilon --sigma 1 --steps 4 --delta 1e-5 --sampling-rate 0.1 --accountant gdp | PoissonSubsampled",
        "privacy sigma --epsilon -1 --steps 1 --delta 1e-5 | --epsilon",
        "privacy probe --features pixels --epsilon 1 --delta 1e-5 | --features",
        "privacy epsilon --sigma 1 --steps 1 --delta 1e-5 --neighbouring sideways | --neighbouring"
      })
  void badInputExitsWithTwoNamingTheValue(String line, String named) {
    CliRun r = CliRun.of(line.split(" "));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(named), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void syntheticProbeWritesResultAndManifest(@TempDir Path dir) throws Exception {
    JsonNode r =
        CliRun.of(
                "privacy",
                "probe",
                "--features",
                "synthetic",
                "--epsilon",
                "0.5",
                "--delta",
                "1e-5",
                "--dimension",
                "64",
                "--out",
                dir.toString(),
                "--json")
            .json();
    // epsilon 0.5, perfect collapse: the one-step error is essentially 0 (spec table A)
    assertTrue(r.get("accuracy").asDouble() > 0.99, r.toString());
    assertEquals(0.5, r.get("epsilon").asDouble(), 1e-9);
    assertEquals(0, r.get("nc1").asDouble(), 1e-9);
    assertTrue(Files.exists(dir.resolve("manifest.json")));
    assertTrue(Files.exists(dir.resolve("result.json")));
  }

  @Test
  void initialWeightsMustMatchTheFeatureDimension(@TempDir Path dir) throws Exception {
    String probe = "privacy probe --features synthetic --epsilon 1 --delta 1e-5 --out ";
    Path first = dir.resolve("p64");
    CliRun trained = CliRun.of((probe + first + " --dimension 64").split(" "));
    assertEquals(0, trained.code(), trained.err());
    String warmStart = probe + dir.resolve("again") + " --init " + first.resolve("weights.npy");
    CliRun mismatch = CliRun.of((warmStart + " --dimension 32").split(" "));
    assertEquals(2, mismatch.code(), mismatch.err());
    assertTrue(mismatch.err().contains("feature dimension"), mismatch.err());
    assertTrue(mismatch.err().contains("p = 64, found 32"), mismatch.err());
    CliRun match = CliRun.of((warmStart + " --dimension 64").split(" "));
    assertEquals(0, match.code(), match.err());
  }

  @Test
  void benchReportsEverySize() throws Exception {
    JsonNode b =
        CliRun.of(
                "privacy",
                "bench",
                "--sizes",
                "1000,32,10;500,17,3",
                "--repeats",
                "3",
                "--warmup-seconds",
                "0",
                "--json")
            .json();
    assertEquals(2, b.get("results").size());
    assertEquals(17, b.get("results").get(1).get("p").asInt());
    assertTrue(b.get("results").get(0).get("msPerStep").asDouble() > 0);
    assertTrue(b.get("accountants").size() >= 4);
    // --machine measure (the default) measures the roofs again after the kernels
    JsonNode drift = b.get("roofDrift");
    JsonNode before = b.get("machine").get("figures");
    assertEquals(before.size(), drift.get("figures").size());
    double largest = 0;
    for (int i = 0; i < before.size(); i++) {
      JsonNode f = drift.get("figures").get(i);
      assertEquals(before.get(i).get("threads").asInt(), f.get("threads").asInt());
      assertEquals(before.get(i).get("fmaGflops").asDouble(), f.get("fmaGflopsBefore").asDouble());
      assertEquals(before.get(i).get("readGBps").asDouble(), f.get("readGBpsBefore").asDouble());
      for (String figure : new String[] {"fmaGflops", "readGBps"}) {
        double a = f.get(figure + "Before").asDouble();
        double z = f.get(figure + "After").asDouble();
        largest = Math.max(largest, Math.abs(z - a) / Math.max(a, z));
      }
    }
    assertEquals(largest, drift.get("largestChange").asDouble(), 1e-12);
    assertEquals(largest <= 0.15, drift.get("stable").asBoolean());
  }

  @Test
  void benchRefusesANegativeWarmUp() {
    CliRun r = CliRun.of("privacy", "bench", "--warmup-seconds", "-1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--warmup-seconds must be >= 0, found -1.0"), r.err());
  }
}
