package org.replearn.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.replearn.riem.fit.FitBenchmark;
import org.replearn.riem.layer.RiemShape;

/** One RieM fitting step (loss, analytic gradient, Adam) as {@code replearn compress bench}. */
public class RiemFitBenchmark extends StepsPerSecondBenchmark {
  /**
   * ROWSxCOLS:d:m; by default a 128 x 256 layer with RieM's state and metric sizes d = 52, m = 14.
   */
  @Param({"128x256:52:14"})
  public String size;

  /** Kernel threads. */
  @Param({"1", "2"})
  public int threads;

  private FitBenchmark.Fixture fixture;

  @Setup
  public void setUp() {
    String[] parts = size.split("[x:]");
    fixture =
        new FitBenchmark.Fixture(
            new RiemShape(
                Integer.parseInt(parts[0]),
                Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]),
                Integer.parseInt(parts[3])),
            threads);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  /** One step; the loss goes back to JMH's blackhole. */
  @Benchmark
  public double step() {
    return fixture.step();
  }
}
