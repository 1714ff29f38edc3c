package org.replearn.cli.privacy;

import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.bench.RooflineOptions;
import org.replearn.cli.bench.WarmUpSeconds;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.RoofDrift;
import org.replearn.core.bench.WarmUp;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.accounting.NoiseCalibration;
import org.replearn.privacy.accounting.PrivacyEvent;
import org.replearn.privacy.accounting.RdpAccountant;
import org.replearn.privacy.noisygd.StepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replearn privacy bench}: wall time of one NoisyGD step (median) at several sizes, and of
 * accountant calls.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Time one NoisyGD step (n, p, K) and accountant calls; prints JSON with --json.")
public final class BenchCommand implements Callable<Integer> {

  /** Keeps the timed results alive so the JIT cannot drop the calls. */
  private static volatile double blackhole;

  @Mixin CommonOptions common;

  @Option(
      names = "--sizes",
      split = ";",
      defaultValue = "50000,768,10;10000,4096,10;60000,128,10",
      description = "n,p,K triples separated by ';' (default: ${DEFAULT-VALUE}).")
  List<String> sizes;

  @Option(names = "--threads", defaultValue = "2", description = "Kernel threads (default: 2).")
  int threads;

  @Option(names = "--repeats", defaultValue = "21", description = "Timed steps (default: 21).")
  int repeats;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "3",
      description =
          "Untimed steps run at least this long per size before timing, until the step rate is"
              + " stable (at most 3x as long), so the JIT has compiled the kernel (default:"
              + " ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Mixin RooflineOptions roofline;

  /**
   * One size's step timing as printed: the fields of {@link StepBenchmark.Timing} in its order but
   * with {@code repeats} after the spread.
   */
  record StepRow(
      @JsonUnwrapped
          @JsonIncludeProperties({"n", "p", "classes", "threads", "msPerStep", "msMin", "msMax"})
          StepBenchmark.Timing step,
      int repeats,
      @JsonUnwrapped
          @JsonIncludeProperties({
            "warmupSteps",
            "warmupSeconds",
            "warmupStable",
            "work",
            "roofline"
          })
          StepBenchmark.Timing warmUpAndWork) {
    static StepRow of(StepBenchmark.Timing t) {
      return new StepRow(t, t.repeats(), t);
    }
  }

  /** One accountant call: its median microseconds and the value it returns. */
  record CallTiming(String call, double usPerCall, double value) {}

  /** What {@code privacy bench} prints, in this order. */
  record Bench(
      List<StepRow> results,
      List<CallTiming> accountants,
      int cores,
      MachineRoofline machine,
      RoofDrift roofDrift) {}

  /** Most multiply-adds of the timed steps (the warm-up is bounded by --warmup-seconds). */
  static final double MAX_WORK = 1e13;

  @Override
  public Integer call() throws IOException {
    WarmUp warmUp = WarmUpSeconds.of(warmupSeconds);
    InvalidInputException.require(threads >= 1, "--threads", "must be >= 1", threads);
    InvalidInputException.require(repeats >= 1, "--repeats", "must be >= 1", repeats);
    List<int[]> triples = new ArrayList<>();
    double work = 0;
    for (String size : sizes) {
      String[] parts = size.split(",");
      InvalidInputException.require(parts.length == 3, "--sizes", "must hold n,p,K triples", size);
      int n;
      int p;
      int k;
      try {
        n = Integer.parseInt(parts[0].trim());
        p = Integer.parseInt(parts[1].trim());
        k = Integer.parseInt(parts[2].trim());
      } catch (NumberFormatException e) {
        throw InvalidInputException.of("--sizes", "must hold integer n,p,K triples", size);
      }
      InvalidInputException.require(
          n >= 1 && p >= 1 && k >= 2, "--sizes", "must hold n >= 1, p >= 1, K >= 2", size);
      InvalidInputException.require(
          (double) n * p <= Integer.MAX_VALUE - 8 && (double) k * p <= Integer.MAX_VALUE - 8,
          "--sizes",
          "must keep n x p and K x p within one Java array (2^31 - 9 entries)",
          size);
      Budget.memory(
          "--sizes", size, "features n x p and weights K x p in float", 4.0 * p * (n + k));
      triples.add(new int[] {n, p, k});
      work += (double) n * p * k;
    }
    Budget.work(
        "--repeats",
        repeats + " with --sizes " + String.join(";", sizes),
        "multiply-adds",
        repeats * work,
        MAX_WORK,
        "repeats x sum of n x p x K over the sizes; hours on 2 CPU cores");
    MachineRoofline machine = roofline.machine();
    List<StepRow> results = new ArrayList<>();
    for (int[] triple : triples) {
      int n = triple[0];
      int p = triple[1];
      int k = triple[2];
      StepBenchmark.Timing t = StepBenchmark.run(n, p, k, threads, warmUp, repeats, machine);
      results.add(StepRow.of(t));
    }
    RoofDrift drift = roofline.drift();
    List<CallTiming> accountants = new ArrayList<>();
    accountants.add(
        timeCall(
            "gdp epsilon, sigma=1, T=10",
            () -> new GdpAccountant().compose(PrivacyEvent.noisyGd(1, 10)).epsilon(1e-5)));
    accountants.add(
        timeCall(
            "gdp sigma for epsilon=1, T=10",
            () ->
                GdpAccountant.noiseMultiplier(
                    1, 1e-5, 10, NeighbouringRelation.ADD_OR_REMOVE_ONE)));
    accountants.add(
        timeCall(
            "rdp epsilon, sigma=1, T=10",
            () -> new RdpAccountant().compose(PrivacyEvent.noisyGd(1, 10)).epsilon(1e-5)));
    accountants.add(
        timeCall(
            "rdp epsilon, Poisson q=0.04, sigma=1.5, T=2250",
            () -> new RdpAccountant().compose(PrivacyEvent.dpSgd(1.5, 0.04, 2250)).epsilon(1e-5)));
    RdpAccountant composed = new RdpAccountant();
    composed.compose(PrivacyEvent.dpSgd(1.5, 0.04, 2250));
    accountants.add(
        timeCall(
            "rdp epsilon(delta) of an accountant holding that run", () -> composed.epsilon(1e-5)));
    accountants.add(
        timeCall(
            "gdp sigma by bracketed search, epsilon=1, T=10",
            () ->
                NoiseCalibration.noiseMultiplier(
                    new GdpAccountant(), s -> PrivacyEvent.noisyGd(s, 10), 1, 1e-5)));
    Bench out =
        new Bench(results, accountants, Runtime.getRuntime().availableProcessors(), machine, drift);
    common.print(out);
    return 0;
  }

  /** Median microseconds of a fresh accountant call, after warm-up. */
  private static CallTiming timeCall(String name, DoubleSupplier call) {
    double sink = 0;
    for (int i = 0; i < 50; i++) {
      sink += call.getAsDouble();
    }
    double[] us = new double[101];
    for (int i = 0; i < us.length; i++) {
      long t0 = System.nanoTime();
      sink += call.getAsDouble();
      us[i] = (System.nanoTime() - t0) / 1e3;
    }
    java.util.Arrays.sort(us);
    CallTiming row = new CallTiming(name, us[us.length / 2], call.getAsDouble());
    blackhole = sink;
    return row;
  }
}
