package org.replearn.cli.compress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.JsonOption;
import org.replearn.cli.bench.RooflineOptions;
import org.replearn.cli.bench.WarmUpSeconds;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.RoofDrift;
import org.replearn.core.bench.WarmUp;
import org.replearn.riem.fit.FitBenchmark;
import org.replearn.riem.layer.RiemShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn compress bench}: RieM fitting speed (Adam steps per second). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure RieM fitting steps per second for a list of layer sizes: min/median/max over"
            + " repeats after a warm-up until the rate is stable, with each step's FLOPs, bytes"
            + " and exps and its fractionOfRoofline.")
public final class BenchCommand implements Callable<Integer> {
  @Mixin JsonOption output;

  @Option(
      names = "--sizes",
      split = ",",
      description = "ROWSxCOLS:d:m entries (default: ${DEFAULT-VALUE}).",
      defaultValue = "128x256:52:14,64x128:26:7,256x784:52:14,768x3072:52:14")
  List<String> sizes;

  @Option(
      names = "--threads",
      description = "Kernel threads (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int threads;

  @Option(
      names = "--seconds",
      description =
          "Timed seconds per size, split into --repeats samples (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  double seconds;

  @Option(
      names = "--repeats",
      description = "Timed samples per size, min/median/max reported (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int repeats;

  @Option(
      names = "--warmup-seconds",
      description =
          "Untimed steps per size for at least this long, until the step rate is stable (at most"
              + " 3x as long) (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  double warmupSeconds;

  @Mixin RooflineOptions roofline;

  /** What {@code compress bench} prints, in this order. */
  record Bench(
      List<FitBenchmark.Result> results,
      int availableProcessors,
      MachineRoofline machine,
      RoofDrift roofDrift) {}

  @Override
  public Integer call() throws IOException {
    InvalidInputException.require(threads >= 1, "--threads", "must be >= 1", threads);
    InvalidInputException.require(repeats >= 1, "--repeats", "must be >= 1", repeats);
    InvalidInputException.require(
        seconds >= 0 && Double.isFinite(seconds), "--seconds", "must be >= 0", seconds);
    WarmUp warmUp = WarmUpSeconds.of(warmupSeconds);
    List<RiemShape> shapes = new ArrayList<>();
    for (String size : sizes) {
      shapes.add(parse(size));
    }
    MachineRoofline machine = roofline.machine();
    List<FitBenchmark.Result> results = new ArrayList<>();
    for (RiemShape shape : shapes) {
      results.add(FitBenchmark.measure(shape, threads, warmUp, repeats, seconds, machine));
    }
    Bench printed =
        new Bench(results, Runtime.getRuntime().availableProcessors(), machine, roofline.drift());
    output.print(printed);
    return 0;
  }

  static RiemShape parse(String size) {
    String[] parts = size.trim().split("[x:]");
    if (parts.length != 4) {
      throw InvalidInputException.of("--sizes entry", "must be ROWSxCOLS:d:m", size);
    }
    try {
      return new RiemShape(
          Integer.parseInt(parts[0]),
          Integer.parseInt(parts[1]),
          Integer.parseInt(parts[2]),
          Integer.parseInt(parts[3]));
    } catch (NumberFormatException e) {
      throw InvalidInputException.of("--sizes entry", "must be ROWSxCOLS:d:m", size);
    }
  }
}
