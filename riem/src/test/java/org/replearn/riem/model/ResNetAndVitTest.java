package org.replearn.riem.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;
import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.fit.FitConfig;

/** The two larger reference networks: training, file round trip and compression. */
@Tag("engine")
class ResNetAndVitTest {
  private static final List<ReferenceArch> ARCHS = List.of(ReferenceArch.RESNET, ReferenceArch.VIT);

  /** The state the trainer starts from for {@code seeds}. */
  private static Map<String, Tensor> initial(ReferenceArch arch, Seeds seeds) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, Tensor> out = new LinkedHashMap<>();
      arch.initialState(manager, seeds.child("init").random())
          .forEach((k, v) -> out.put(k, new Tensor(v.getShape().getShape(), v.toFloatArray())));
      return out;
    }
  }

  @Test
  void aShortTrainingRunLowersTheLossAndTheModelRoundTripsThroughSafetensors(@TempDir Path dir)
      throws Exception {
    ImageDataset train = Datasets.fixture(DatasetName.MNIST, Split.TRAIN).head(300);
    Seeds seeds = new Seeds(4);
    for (ReferenceArch arch : ARCHS) {
      ReferenceTrainer.Evaluation before =
          ReferenceTrainer.evaluate(arch, initial(arch, seeds), train, Device.cpu());
      Map<String, Tensor> state =
          ReferenceTrainer.train(
              arch, train, new ReferenceTrainer.Settings(3, 20, 2e-3), seeds, Device.cpu());
      ReferenceTrainer.Evaluation after =
          ReferenceTrainer.evaluate(arch, state, train, Device.cpu());
      // 45 Adam steps from PyTorch's init (cross-entropy starts near ln 10 = 2.30); evaluation uses
      // the running statistics, which after 45 updates at momentum 0.1 hold < 1% of their init
      assertTrue(
          after.meanLoss() < before.meanLoss() - 0.3,
          arch + " loss " + before.meanLoss() + " -> " + after.meanLoss());
      assertEquals(arch.stateShapes().keySet(), state.keySet());
      Path file = dir.resolve(arch.id() + ".safetensors");
      Tensor.writeAll(file, state);
      Map<String, Tensor> back = Tensor.readAll(file);
      assertEquals(state.keySet(), back.keySet());
      assertEquals(after, ReferenceTrainer.evaluate(arch, back, train, Device.cpu()));
    }
  }

  /**
   * After training, the stem's batch norm holds the average over the training batches of each
   * channel's batch mean and unbiased batch variance of the stem convolution's output, computed
   * here from the saved stem weights (precise batch norm).
   */
  @Test
  void batchNormStatisticsAreRecomputedWithTheFinalWeightsAndSaved() {
    ImageDataset train = Datasets.fixture(DatasetName.MNIST, Split.TRAIN).head(100);
    int batch = 50;
    Map<String, Tensor> state =
        ReferenceTrainer.train(
            ReferenceArch.RESNET,
            train,
            new ReferenceTrainer.Settings(1, batch, 1e-3),
            new Seeds(2),
            Device.cpu());
    float[] runningMean = state.get("bn1.running_mean").values();
    float[] runningVar = state.get("bn1.running_var").values();
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, ai.djl.ndarray.NDArray> p =
          Map.of(
              "conv1.weight",
              manager.create(
                  state.get("conv1.weight").values(), new ai.djl.ndarray.types.Shape(16, 1, 3, 3)));
      float[] conv =
          Layers.conv(p, "conv1", train.images(manager).reshape(100, 1, 28, 28), 1, 1)
              .toFloatArray();
      int hw = 28 * 28;
      for (int c = 0; c < 16; c++) {
        double meanSum = 0;
        double varSum = 0;
        for (int start = 0; start < 100; start += batch) {
          double sum = 0;
          double sq = 0;
          for (int i = start; i < start + batch; i++) {
            for (int j = 0; j < hw; j++) {
              double v = conv[(i * 16 + c) * hw + j];
              sum += v;
              sq += v * v;
            }
          }
          long n = (long) batch * hw;
          double mean = sum / n;
          meanSum += mean;
          varSum += (sq - n * mean * mean) / (n - 1);
        }
        assertEquals(meanSum / 2, runningMean[c], 1e-4);
        assertEquals(varSum / 2, runningVar[c], 1e-4 * Math.max(1, varSum));
      }
    }
  }

  /**
   * Recalibrating a trained ResNet on its own training images with its training batch size gives
   * back the statistics training saved (both are the same pass with the same weights); a perturbed
   * model gets other statistics and keeps its weights.
   */
  @Test
  void recalibrationOnTheTrainingImagesReproducesTheSavedStatistics() {
    ImageDataset train = Datasets.fixture(DatasetName.MNIST, Split.TRAIN).head(100);
    Map<String, Tensor> state =
        ReferenceTrainer.train(
            ReferenceArch.RESNET,
            train,
            new ReferenceTrainer.Settings(1, 25, 1e-3),
            new Seeds(3),
            Device.cpu());
    Map<String, Tensor> again =
        ReferenceTrainer.recalibrateBatchNorms(
            ReferenceArch.RESNET, state, train, 25, Device.cpu());
    for (String name : List.of("bn1.running_mean", "layer3.0.downsample.1.running_var")) {
      assertArrayEquals(state.get(name).values(), again.get(name).values(), 1e-5f, name);
    }
    Map<String, Tensor> perturbed = new LinkedHashMap<>(state);
    float[] w = state.get("conv1.weight").values().clone();
    for (int i = 0; i < w.length; i++) {
      w[i] *= 2;
    }
    perturbed.put("conv1.weight", new Tensor(state.get("conv1.weight").shape(), w));
    Map<String, Tensor> recalibrated =
        ReferenceTrainer.recalibrateBatchNorms(
            ReferenceArch.RESNET, perturbed, train, 25, Device.cpu());
    // the stem's output doubles, so its batch means double
    float[] before = state.get("bn1.running_mean").values();
    float[] after = recalibrated.get("bn1.running_mean").values();
    for (int c = 0; c < before.length; c++) {
      assertEquals(2 * before[c], after[c], 1e-4 + 1e-4 * Math.abs(before[c]));
    }
    assertArrayEquals(w, recalibrated.get("conv1.weight").values());
  }

  @Test
  void compressingToAQuarterKeepsEveryLayerWithinItsBudget() {
    FitConfig shortFit = FitConfig.fast(1, 2).withSearch(1, 0).withMainSteps(5);
    for (ReferenceArch arch : ARCHS) {
      Map<String, Tensor> model = initial(arch, new Seeds(5));
      Set<String> expected = new TreeSet<>();
      model.forEach(
          (name, t) -> {
            if (name.endsWith("weight")
                && (t.rank() == 2 || t.rank() == 4)
                && t.values().length >= ModelCompressor.DEFAULT_MIN_ENTRIES) {
              expected.add(name);
            }
          });
      // resnet: the six 3x3 convs after the stem and the stage-3 shortcut; the stem (144 weights),
      // the stage-2 shortcut (512) and the head (640) are kept. vit: the patch embedding and every
      // qkv, proj, fc1, fc2 matrix; the head (640) is kept
      assertEquals(arch == ReferenceArch.RESNET ? 7 : 1 + 4 * 4, expected.size(), arch.id());
      for (MatrixCompressors.Method method : MatrixCompressors.Method.values()) {
        ModelCompressor.Result r =
            ModelCompressor.compress(
                model,
                new ModelCompressor.Settings(
                    method,
                    0.25,
                    MatrixCompressors.Options.defaults().withFit(shortFit),
                    ModelCompressor.DEFAULT_MIN_ENTRIES),
                new Seeds(6));
        Set<String> compressed = new TreeSet<>();
        for (ModelCompressor.LayerReport layer : r.layers()) {
          if (layer.compressed()) {
            compressed.add(layer.name());
            assertTrue(
                layer.storedBits() <= 0.25 * 32 * layer.rows() * layer.cols(),
                arch + " " + method + " " + layer);
          } else {
            assertSame(model.get(layer.name()), r.tensors().get(layer.name()));
          }
          assertEquals(
              model.get(layer.name()).values().length,
              r.tensors().get(layer.name()).values().length);
        }
        assertEquals(expected, compressed, arch + " " + method);
        assertTrue(
            r.compressionRatio() > 0.25 && r.compressionRatio() < 0.3, "" + r.compressionRatio());
      }
    }
  }
}
