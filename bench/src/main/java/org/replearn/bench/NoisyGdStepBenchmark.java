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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.replearn.privacy.noisygd.StepBenchmark;

/**
 * One full-batch NoisyGD step (clipped per-example gradient sum by the rank-one norm, then the
 * noisy update) as {@code replearn privacy bench}; the size of a linear probe on ImageNet-sized
 * features, n = 50,000, p = 768, K = 10.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {JmhDefaults.VECTOR, JmhDefaults.OFFLINE, JmhDefaults.TRAP_LIMIT, "-Xmx2g"})
public class NoisyGdStepBenchmark {
  @Param({"50000"})
  public int n;

  @Param({"768"})
  public int p;

  @Param({"10"})
  public int classes;

  @Param({"2"})
  public int threads;

  private StepBenchmark.Fixture fixture;

  @Setup
  public void setUp() {
    fixture = new StepBenchmark.Fixture(n, p, classes, threads);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  /** One step; the clipped count goes back to JMH's blackhole. */
  @Benchmark
  public int step() {
    return fixture.step();
  }
}
