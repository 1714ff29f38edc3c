package org.replearn.cli.compress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;
import org.replearn.core.io.RunManifest;
import org.replearn.core.run.RunLock;
import org.replearn.riem.baseline.Compressed;
import org.replearn.riem.baseline.MatrixCompressors;
import org.replearn.riem.baseline.TruncatedSvd;
import org.replearn.riem.fit.FitConfig;
import org.replearn.riem.fit.FitResult;
import org.replearn.riem.fit.RiemFitter;
import org.replearn.riem.model.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replearn compress fit-matrix}: fits RieM to one tensor of a safetensors file and compares
 * it with truncated SVD at equal (or smaller) storage.
 */
@Command(
    name = "fit-matrix",
    mixinStandardHelpOptions = true,
    description = {
      "Fit a RieM matrix to one weight tensor (conv kernels folded to [out, in*kh*kw]) and compare",
      "with truncated SVD at the largest rank whose storage does not exceed RieM's."
    })
public final class FitMatrixCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec CommandSpec commandSpec;
  @Mixin CompressionOptions compression;

  @Option(names = "--input", required = true, description = "safetensors file.")
  Path input;

  @Option(names = "--tensor", required = true, description = "Tensor name, e.g. fc1.weight.")
  String tensor;

  @Option(
      names = "--state-dim",
      description = "Neuron-state dimension d (default: ${DEFAULT-VALUE}).",
      defaultValue = "52")
  int stateDim;

  @Option(
      names = "--metric-dim",
      description = "Metric width m (default: ${DEFAULT-VALUE}).",
      defaultValue = "14")
  int metricDim;

  /** Truncated SVD at the largest rank whose storage does not exceed RieM's. */
  record SvdResult(
      Object rank,
      double relativeError,
      long parameters,
      int bits,
      long storedBits,
      double compressionRatio) {}

  /** What {@code compress fit-matrix} prints and writes to result.json, in this order. */
  record FitMatrixResult(
      String tensor,
      int rows,
      int cols,
      int stateDim,
      int metricDim,
      double relativeError,
      double fullPrecisionError,
      long parameters,
      int bits,
      long storedBits,
      double compressionRatio,
      String accounting,
      int steps,
      double[] restartErrors,
      boolean stoppedEarly,
      double seconds,
      SvdResult svd) {}

  /** The run configuration in the manifest. */
  record Config(String input, String tensor, FitConfig fit) {}

  /**
   * Refuses sizes whose fit would not fit the heap, before anything is allocated: the RieM
   * parameters (rows + cols) d + 6 m (d + 1) + m + 1 held about six times in double (values,
   * gradient, two AdamW moments, the best so far, scratch), the dense target and reconstruction
   * (rows x cols, float and double), and one error per restart.
   */
  private void requireWithinMemory(long rows, long cols, int restarts) {
    InvalidInputException.require(stateDim >= 1, "--state-dim", "must be >= 1", stateDim);
    InvalidInputException.require(metricDim >= 1, "--metric-dim", "must be >= 1", metricDim);
    double d = stateDim;
    double m = metricDim;
    double parameters = (rows + cols) * d + 6 * m * (d + 1) + m + 1;
    double dense = 12.0 * rows * cols;
    Budget.memory(
        "--state-dim / --metric-dim",
        stateDim + " / " + metricDim,
        parameters
            + " RieM parameters with optimiser state for a "
            + rows
            + " x "
            + cols
            + " tensor",
        48 * parameters + dense);
    Budget.memory("--restarts", restarts, "one error per restart", 8.0 * restarts + dense);
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Map<String, Tensor> tensors = Tensor.readAll(input);
    Tensor t = tensors.get(tensor);
    if (t == null) {
      throw InvalidInputException.of(
          "--tensor", "must name a tensor of " + input + " " + tensors.keySet(), tensor);
    }
    InvalidInputException.require(
        t.rank() >= 2, "--tensor " + tensor, "must have >= 2 dimensions", t.rank());
    FitConfig config = compression.fitConfig(stateDim, metricDim);
    requireWithinMemory(t.rows(), t.cols(), config.restarts());
    MatrixCompressors.Options options = compression.matrixOptions().withFit(config);
    FitResult fit =
        new RiemFitter(config, compression.step())
            .fit(t.values(), t.rows(), t.cols(), common.seeds());
    Compressed riem = MatrixCompressors.fromFit(fit, options, t.values());
    Compressed svd =
        MatrixCompressors.svd(
            new TruncatedSvd(t.values(), t.rows(), t.cols()),
            t.rows(),
            t.cols(),
            riem.storedBits(),
            options);

    FitMatrixResult result =
        new FitMatrixResult(
            tensor,
            t.rows(),
            t.cols(),
            stateDim,
            metricDim,
            riem.relativeError(t.values()),
            fit.relativeError(),
            riem.parameters(),
            compression.bits,
            riem.storedBits(),
            riem.compressionRatio(),
            options.accounting().name().toLowerCase(java.util.Locale.ROOT),
            fit.mainStepsRun(),
            fit.restartErrors(),
            fit.stoppedEarly(),
            fit.seconds(),
            new SvdResult(
                svd.settings().get("rank"),
                svd.relativeError(t.values()),
                svd.parameters(),
                compression.bits,
                svd.storedBits(),
                svd.compressionRatio()));

    Path out = common.outOr("fit-matrix");
    try (RunLock lock = OutputFolder.claimOneShot(commandSpec, out)) {
      java.nio.file.Files.createDirectories(out);
      Json.write(out.resolve("result.json"), result);
      Map<String, Tensor> saved = new LinkedHashMap<>();
      saved.put(tensor, new Tensor(t.shape(), riem.reconstruction()));
      saved.put(
          "riem.parameters", new Tensor(new long[] {fit.parameters().length}, fit.parameters()));
      Tensor.writeAll(out.resolve("riem.safetensors"), saved);
      Config manifestConfig = new Config(input.toString(), tensor, config);
      RunManifest.write(
          out,
          "compress fit-matrix",
          Output.fields(manifestConfig),
          common.seed,
          "cpu",
          Duration.ofNanos(System.nanoTime() - start));
      common.print(result);
      return 0;
    }
  }
}
