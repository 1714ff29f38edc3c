package org.replearn.cli.compress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Output;
import org.replearn.core.InvalidInputException;
import org.replearn.riem.fit.FitBenchmark;
import org.replearn.riem.layer.RiemShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replearn compress bench}: RieM fitting speed (Adam steps per second). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure RieM fitting steps per second for a list of layer sizes.")
public final class BenchCommand implements Callable<Integer> {

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
      description = "Timed seconds per size (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  double seconds;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Override
  public Integer call() {
    List<FitBenchmark.Result> results = new ArrayList<>();
    for (String size : sizes) {
      RiemShape shape = parse(size);
      int warmup = (int) Math.max(3, Math.min(300, 3e7 / (shape.denseParameters() * 84.0)));
      results.add(FitBenchmark.measure(shape, threads, warmup, seconds));
    }
    Map<String, Object> printed = new LinkedHashMap<>();
    printed.put("results", results);
    printed.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    Output.print(json, printed);
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
