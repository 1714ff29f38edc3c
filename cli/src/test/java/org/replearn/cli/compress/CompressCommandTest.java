package org.replearn.cli.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.cli.CliRun;
import org.replearn.riem.model.Tensor;

@Tag("engine")
class CompressCommandTest {
  @TempDir Path dir;

  private Path model() throws Exception {
    SplittableRandom rng = new SplittableRandom(0);
    float[] w = new float[16 * 5 * 3 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) rng.nextGaussian();
    }
    Path file = dir.resolve("m.safetensors");
    Tensor.writeAll(file, Map.of("conv.weight", new Tensor(new long[] {16, 5, 3, 3}, w)));
    return file;
  }

  @Test
  void fitMatrixPrintsTheIssuesJsonFields() throws Exception {
    Path file = model();
    JsonNode json =
        CliRun.of(
                "compress",
                "fit-matrix",
                "--input",
                file.toString(),
                "--tensor",
                "conv.weight",
                "--state-dim",
                "6",
                "--metric-dim",
                "3",
                "--steps",
                "40",
                "--restarts",
                "2",
                "--search-steps",
                "5",
                "--out",
                dir.resolve("o").toString(),
                "--json")
            .json();
    assertEquals(16, json.get("rows").asInt());
    assertEquals(45, json.get("cols").asInt()); // 5 x 3 x 3 folded
    assertEquals((16 + 45) * 6 + 6 * 3 * 7 + 4, json.get("parameters").asInt());
    assertEquals(8, json.get("bits").asInt());
    assertTrue(json.get("relativeError").asDouble() > 0);
    assertTrue(json.get("svd").get("storedBits").asLong() <= json.get("storedBits").asLong());
    assertTrue(Files.exists(dir.resolve("o/manifest.json")));
    assertTrue(Files.exists(dir.resolve("o/riem.safetensors")));
  }

  @Test
  void badRateGivesExitCode2() throws Exception {
    Path file = model();
    CliRun run = compressModel(file, "1.5", dir.resolve("o"), "--method", "svd");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("--rate must be in (0, 1], found 1.5"), run.err());
  }

  @Test
  void unknownArchitectureGivesExitCode2() {
    CliRun run = CliRun.of("compress", "train-reference", "--arch", "lenet", "--fixture");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("--arch must be mlp, cnn, resnet, vit, found lenet"), run.err());
  }

  /**
   * Trains the ResNet and the ViT on the fixture, then compresses each file to a quarter (ResNet
   * with SVD, ViT with a short RieM fit) and measures accuracy before and after on the same 200
   * test images.
   */
  @Test
  void resnetAndVitTrainAndCompressOnTheFixture() throws Exception {
    for (String arch : new String[] {"resnet", "vit"}) {
      Path out = dir.resolve(arch);
      JsonNode trained =
          CliRun.of(
                  "compress",
                  "train-reference",
                  "--arch",
                  arch,
                  "--fixture",
                  "--epochs",
                  "2",
                  "--batch-size",
                  "50",
                  "--out",
                  out.toString(),
                  "--json")
              .json();
      assertEquals(arch.equals("resnet") ? 77_754 : 139_018, trained.get("parameters").asLong());
      assertEquals(200, trained.get("testImages").asInt());
      Path file = Path.of(trained.get("model").asText());
      assertEquals(out.resolve(arch + "-mnist.safetensors"), file);
      JsonNode compressed =
          compressModel(
                  file,
                  "0.25",
                  out.resolve("compressed"),
                  "--arch",
                  arch,
                  "--method",
                  arch.equals("resnet") ? "svd" : "riem",
                  "--steps",
                  "20",
                  "--restarts",
                  "1",
                  "--search-steps",
                  "0",
                  "--fixture",
                  "--json")
              .json();
      assertEquals(
          trained.get("testAccuracy").asDouble(), compressed.get("accuracyBefore").asDouble(), 0);
      double after = compressed.get("accuracyAfter").asDouble();
      assertTrue(after >= 0 && after <= 1);
      int compressedLayers = 0;
      for (JsonNode layer : compressed.get("layers")) {
        if (layer.get("compressed").asBoolean()) {
          compressedLayers++;
          assertTrue(layer.get("compressionRatio").asDouble() <= 0.25, layer.toString());
        }
      }
      assertEquals(arch.equals("resnet") ? 7 : 17, compressedLayers);
      assertTrue(Files.exists(out.resolve("compressed/model.safetensors")));
      assertEquals(false, compressed.get("usedData").asBoolean());
    }
    // batch-norm recalibration uses training images and says so
    Path resnet = dir.resolve("resnet/resnet-mnist.safetensors");
    JsonNode recalibrated =
        compressModel(
                resnet,
                "0.25",
                dir.resolve("recalibrated"),
                "--arch",
                "resnet",
                "--method",
                "svd",
                "--recalibrate-bn",
                "100",
                "--fixture",
                "--json")
            .json();
    assertTrue(recalibrated.get("usedData").asBoolean());
    assertEquals(100, recalibrated.get("recalibratedBatchNormImages").asInt());
    CliRun noArch = compressModel(resnet, "0.25", dir.resolve("x"), "--recalibrate-bn", "100");
    assertEquals(2, noArch.code());
    assertTrue(noArch.err().contains("--recalibrate-bn needs --arch"), noArch.err());
  }

  /** {@code replearn compress model --model M --rate RATE --out OUT extra...}. */
  private static CliRun compressModel(Path model, String rate, Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "compress",
                "model",
                "--model",
                model.toString(),
                "--rate",
                rate,
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }
}
