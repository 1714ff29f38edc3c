package org.replearn.cli.multiview;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.bench.RooflineOptions;
import org.replearn.cli.bench.WarmUpSeconds;
import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.RoofDrift;
import org.replearn.core.bench.WarmUp;
import org.replearn.multiview.ot.Precision;
import org.replearn.multiview.ot.SolverBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replearn multiview bench}: milliseconds per multi-marginal Sinkhorn sweep. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time multi-marginal Sinkhorn sweeps (ms per sweep, error checks every 10 sweeps included,",
      "min/median/max over repeats after a warm-up until the rate is stable, with fractionOfRoofline)",
      "for (n,k) in (64,3),(128,3),(32,4),(64,4),(16,5),(32,5),(16,6), float32 and float64."
    })
public final class BenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--dtype",
      split = ",",
      defaultValue = "float32,float64",
      description = "Precisions (default: ${DEFAULT-VALUE}).")
  List<String> dtypes;

  @Option(names = "--sweeps", defaultValue = "10", description = "Sweeps per timed solve.")
  int sweeps;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed solves (median kept).")
  int repeats;

  @Option(names = "--threads", description = "Threads (default: available processors).")
  Integer threads;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "2",
      description =
          "Untimed solves per size for at least this long, until the solve rate is stable (at most"
              + " 3x as long) (default: ${DEFAULT-VALUE}).")
  double warmupSeconds;

  @Mixin RooflineOptions roofline;

  /** Most tensor-entry sweeps of the timed solves (as multiview solve's default --max-work). */
  static final double MAX_WORK = 1e11;

  /** What {@code multiview bench} prints, in this order. */
  record Bench(
      List<SolverBenchmark.Result> results, MachineRoofline machine, RoofDrift roofDrift) {}

  @Override
  public Integer call() throws IOException {
    InvalidInputException.require(sweeps >= 1, "--sweeps", "must be >= 1", sweeps);
    InvalidInputException.require(repeats >= 1, "--repeats", "must be >= 1", repeats);
    WarmUp warmUp = WarmUpSeconds.of(warmupSeconds);
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    InvalidInputException.require(t >= 1, "--threads", "must be >= 1", t);
    double entries = 0;
    for (int[] g : SolverBenchmark.DEFAULT_GRID) {
      entries += Math.pow(g[0], g[1]);
    }
    Budget.work(
        "--sweeps / --repeats",
        sweeps + " / " + repeats + " with " + dtypes.size() + " precisions",
        "tensor-entry sweeps",
        entries * sweeps * repeats * dtypes.size(),
        MAX_WORK,
        "sweeps x repeats x precisions x the grid's "
            + (long) entries
            + " entries; the default --max-work of multiview solve");
    MachineRoofline machine = roofline.machine();
    List<SolverBenchmark.Result> results = new ArrayList<>();
    for (String dtype : dtypes) {
      Precision p = Precision.parse(dtype);
      for (int[] g : SolverBenchmark.DEFAULT_GRID) {
        results.add(
            SolverBenchmark.measure(
                g[0], g[1], p, sweeps, repeats, t, common.seed, warmUp, machine));
      }
    }
    Bench out = new Bench(results, machine, roofline.drift());
    common.print(out);
    return 0;
  }
}
