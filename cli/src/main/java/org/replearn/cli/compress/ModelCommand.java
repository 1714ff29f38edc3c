package org.replearn.cli.compress;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.io.Json;
import org.replearn.core.run.RunLock;
import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.model.ModelCompressor;
import org.replearn.riem.model.ReferenceArch;
import org.replearn.riem.model.ReferenceTrainer;
import org.replearn.riem.model.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replearn compress model}: compresses every large weight of a safetensors model. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "Compress the weights of a safetensors state dict layer by layer (Linear, attention",
      "projections, Conv folded to [out, in*kh*kw]; tensors under --min-entries, biases and norms",
      "are kept) to a target rate, using no data. With --arch mlp|cnn|resnet|vit the test accuracy",
      "before and after is measured; with --arch none only per-layer errors and sizes are reported."
    })
public final class ModelCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec CommandSpec commandSpec;
  @Mixin CompressionOptions compression;
  @Mixin DatasetOptions data;

  @Option(names = "--model", required = true, description = "safetensors state dict.")
  Path model;

  @Option(
      names = "--arch",
      description = "mlp, cnn, resnet, vit or none (default: ${DEFAULT-VALUE}).",
      defaultValue = "none")
  String arch;

  @Option(
      names = "--rate",
      required = true,
      description = "Target compression ratio of each compressed layer, e.g. 0.25.")
  double rate;

  @Option(
      names = "--method",
      description = "riem, svd, quantize or prune (default: ${DEFAULT-VALUE}).",
      defaultValue = "riem")
  String method;

  @Option(
      names = "--min-entries",
      description = "Smallest weight tensor that is compressed (default: ${DEFAULT-VALUE}).",
      defaultValue = "1024")
  int minEntries;

  @Option(
      names = "--candidates",
      description =
          "Compress the model this many times with different seeds and keep one (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int candidates;

  @Option(
      names = "--select-by",
      description =
          "reconstruction: lowest mean layer error, no data (default); dev: highest accuracy on a"
              + " labelled dev set (the last 5,000 training images), as the paper does; the output"
              + " then says usedData = true.",
      defaultValue = "reconstruction")
  String selectBy;

  @Option(
      names = "--recalibrate-bn",
      description =
          "Recompute batch-norm running statistics of the compressed model on the first N"
              + " training images (batches of 128; uses data, the output then says usedData ="
              + " true; needs --arch; default: ${DEFAULT-VALUE}, none).",
      defaultValue = "0")
  int recalibrateImages;

  /** Training images held out as the dev set for {@code --select-by dev}. */
  static final int DEV_IMAGES = 5_000;

  /** Most entry compressions (candidates x model entries) one run may take. */
  static final double MAX_WORK = 1e10;

  /** Batch size of {@code --recalibrate-bn}. */
  static final int RECALIBRATION_BATCH = 128;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    ReferenceArch architecture = "none".equals(arch) ? null : ReferenceArch.parse(arch);
    ModelCompressor.Settings settings =
        new ModelCompressor.Settings(
            MatrixCompressors.Method.parse(method), rate, compression.matrixOptions(), minEntries);
    InvalidInputException.require(candidates >= 1, "--candidates", "must be >= 1", candidates);
    boolean dev =
        switch (selectBy) {
          case "reconstruction" -> false;
          case "dev" -> true;
          default ->
              throw InvalidInputException.of(
                  "--select-by", "must be reconstruction or dev", selectBy);
        };
    InvalidInputException.require(
        !dev || architecture != null,
        "--select-by dev",
        "needs --arch mlp, cnn, resnet or vit",
        arch);
    InvalidInputException.require(
        recalibrateImages >= 0, "--recalibrate-bn", "must be >= 0", recalibrateImages);
    InvalidInputException.require(
        recalibrateImages == 0 || architecture != null,
        "--recalibrate-bn",
        "needs --arch mlp, cnn, resnet or vit",
        arch);
    Map<String, Tensor> original = Tensor.readAll(model);
    long entries = original.values().stream().mapToLong(t -> t.values().length).sum();
    Budget.work(
        "--candidates",
        candidates + " with a model of " + entries + " entries",
        "entry compressions",
        (double) candidates * entries,
        MAX_WORK,
        "candidates x model entries; about 1,000 candidates of a 10-million-parameter model, hours on 2 CPU cores");
    ImageDataset devSet = dev ? tail(data.load(Split.TRAIN), DEV_IMAGES) : null;
    ModelCompressor.Result compressed = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    List<Double> scores = new ArrayList<>();
    for (int c = 0; c < candidates; c++) {
      ModelCompressor.Result candidate =
          ModelCompressor.compress(original, settings, common.seeds().child(c));
      double score =
          dev
              ? ReferenceTrainer.accuracy(
                  architecture, candidate.tensors(), devSet, common.device())
              : -candidate.layers().stream()
                  .filter(ModelCompressor.LayerReport::compressed)
                  .mapToDouble(ModelCompressor.LayerReport::relativeError)
                  .average()
                  .orElse(0);
      scores.add(dev ? score : -score);
      if (score > bestScore) {
        bestScore = score;
        compressed = candidate;
      }
    }
    Map<String, Tensor> weights = compressed.tensors();
    if (recalibrateImages > 0) {
      weights =
          ReferenceTrainer.recalibrateBatchNorms(
              architecture,
              weights,
              data.load(Split.TRAIN).head(recalibrateImages),
              RECALIBRATION_BATCH,
              common.device());
    }
    Integer testImages = null;
    Double accuracyBefore = null;
    Double accuracyAfter = null;
    if (architecture != null) {
      ImageDataset test = data.load(Split.TEST);
      testImages = test.count();
      accuracyBefore = ReferenceTrainer.accuracy(architecture, original, test, common.device());
      accuracyAfter = ReferenceTrainer.accuracy(architecture, weights, test, common.device());
    }
    ModelResult result =
        new ModelResult(
            model.toString(),
            settings.method().id(),
            rate,
            compressed.compressionRatio(),
            compressed.storedBits(),
            selectBy,
            dev || recalibrateImages > 0,
            recalibrateImages,
            scores,
            testImages,
            accuracyBefore,
            accuracyAfter,
            compressed.layers());
    Path out = common.outOr("compress-model");
    try (RunLock lock = OutputFolder.claimOneShot(commandSpec, out)) {
      Files.createDirectories(out);
      Tensor.writeAll(out.resolve("model.safetensors"), weights);
      Json.write(out.resolve("result.json"), result);
      Config config = new Config(model.toString(), arch, settings, recalibrateImages);
      common.writeManifestAndPrint(out, "compress model", Output.fields(config), start, result);
      return 0;
    }
  }

  /**
   * What {@code compress model} prints and writes to result.json, in this order; the test images
   * and accuracies only with an architecture.
   */
  record ModelResult(
      String model,
      String method,
      double rate,
      double compressionRatio,
      long storedBits,
      String selectBy,
      boolean usedData,
      int recalibratedBatchNormImages,
      List<Double> candidateScores,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer testImages,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double accuracyBefore,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double accuracyAfter,
      List<ModelCompressor.LayerReport> layers) {}

  /** The run configuration in the manifest. */
  record Config(
      String model,
      String arch,
      ModelCompressor.Settings settings,
      int recalibrateBatchNormImages) {}

  /** The last {@code n} images of a data set (or all, if fewer). */
  static ImageDataset tail(ImageDataset d, int n) {
    int k = Math.min(n, d.count());
    int from = d.count() - k;
    int pixels = d.rows() * d.cols();
    return new ImageDataset(
        d.name() + "-dev",
        k,
        d.rows(),
        d.cols(),
        Arrays.copyOfRange(d.pixels(), from * pixels, d.count() * pixels),
        Arrays.copyOfRange(d.labels(), from, d.count()));
  }
}
