package org.replearn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.replearn.core.concurrent.KernelPools;

/**
 * Microseconds to hand two tiny parts to a kernel's threads and get them back, after the threads
 * have been idle for {@code idleMicros}: what a kernel step pays per phase on top of its work.
 * {@link KernelPools#runParts} (one spinning pool thread, the caller running part 0) against a JDK
 * fixed pool of two threads with {@code invokeAll} (how RieM handed off its phases before). The
 * idle time is spent in the benchmark's setup ({@code Level.Invocation}), so it is not timed; on a
 * virtual machine whose idle vCPUs halt, the JDK pool's wake-up is what the figure shows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {JmhDefaults.VECTOR, JmhDefaults.OFFLINE, JmhDefaults.TRAP_LIMIT})
public class KernelPoolsBenchmark {
  @Param({"0", "200", "1000"})
  public int idleMicros;

  private ExecutorService spinning;
  private ExecutorService fixed;
  private final long[] sums = new long[2];
  private List<Callable<Void>> tasks;

  @Setup
  public void setUp() {
    spinning = KernelPools.fixedDaemon("bench", 1);
    fixed = Executors.newFixedThreadPool(2);
    tasks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int part = i;
      tasks.add(
          () -> {
            work(part);
            return null;
          });
    }
  }

  /** The caller stays busy (not parked) for the idle time, as between a kernel's phases. */
  @Setup(Level.Invocation)
  public void idle() {
    long end = System.nanoTime() + idleMicros * 1000L;
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }

  @TearDown
  public void tearDown() {
    spinning.shutdownNow();
    fixed.shutdownNow();
  }

  /** A tiny part: 1,000 additions. */
  private void work(int part) {
    long s = 0;
    for (int k = 0; k < 1000; k++) {
      s += k;
    }
    sums[part] = s;
  }

  @Benchmark
  public void kernelPoolsRunParts(Blackhole bh) {
    KernelPools.runParts(spinning, 2, this::work, "bench");
    bh.consume(sums);
  }

  @Benchmark
  public void fixedPoolInvokeAll(Blackhole bh) throws Exception {
    for (Future<Void> f : fixed.invokeAll(tasks)) {
      f.get();
    }
    bh.consume(sums);
  }
}
