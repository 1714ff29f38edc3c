package org.replearn.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.replearn.multiview.ot.MultiMarginalOutput;
import org.replearn.multiview.ot.Precision;
import org.replearn.multiview.ot.SolverBenchmark;

/**
 * A multi-marginal Sinkhorn solve of {@code sweeps} sweeps (error check every 10) on n points per
 * view and k views, as {@code replearn multiview bench}; JMH's time includes the tensor build,
 * which the command excludes (it reports the solver's own sweep time), so divide by sweeps for an
 * upper bound of the time per sweep.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {JmhDefaults.VECTOR, JmhDefaults.OFFLINE, JmhDefaults.TRAP_LIMIT})
public class SinkhornBenchmark {
  @Param({"64"})
  public int n;

  @Param({"4"})
  public int k;

  @Param({"float32"})
  public String dtype;

  @Param({"10"})
  public int sweeps;

  @Param({"2"})
  public int threads;

  private SolverBenchmark.Fixture fixture;

  @Setup
  public void setUp() {
    fixture = new SolverBenchmark.Fixture(n, k, Precision.parse(dtype), sweeps, threads, 0);
  }

  /** One solve; the output goes back to JMH's blackhole. */
  @Benchmark
  public MultiMarginalOutput solve() {
    return fixture.solve();
  }
}
