package org.replearn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per element of the maximum of an L1-resident block of 1,024 floats, the first pass of
 * a Sinkhorn log-sum-exp block ({@code FloatLogTensor.sumExpInto}): one running maximum by compare
 * and blend, four such chains merged at the end (what the kernel does), and the Vector API's {@code
 * max} (which must order -0 below +0 and propagate NaN). On JDK 17 a compare and blend takes the
 * mask out to a vector and back, so one chain waits on itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {JmhDefaults.VECTOR, JmhDefaults.OFFLINE, JmhDefaults.TRAP_LIMIT})
public class BlockMaxBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int SIZE = 1024;

  private final float[] x = new float[SIZE];

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(0);
    for (int i = 0; i < SIZE; i++) {
      x[i] = (float) random.nextDouble(-10, 0);
    }
  }

  /** One running maximum: each step waits for the previous one. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float oneChain() {
    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < SIZE; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      m = m.blend(v, v.compare(VectorOperators.GT, m));
    }
    return m.reduceLanes(VectorOperators.MAX);
  }

  /** Four running maxima over consecutive vectors, merged at the end. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float fourChains() {
    FloatVector a = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    FloatVector b = a;
    FloatVector c = a;
    FloatVector d = a;
    for (int i = 0; i < SIZE; i += 4 * L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      a = a.blend(v, v.compare(VectorOperators.GT, a));
      v = FloatVector.fromArray(S, x, i + L);
      b = b.blend(v, v.compare(VectorOperators.GT, b));
      v = FloatVector.fromArray(S, x, i + 2 * L);
      c = c.blend(v, v.compare(VectorOperators.GT, c));
      v = FloatVector.fromArray(S, x, i + 3 * L);
      d = d.blend(v, v.compare(VectorOperators.GT, d));
    }
    a = a.blend(b, b.compare(VectorOperators.GT, a));
    c = c.blend(d, d.compare(VectorOperators.GT, c));
    return a.blend(c, c.compare(VectorOperators.GT, a)).reduceLanes(VectorOperators.MAX);
  }

  /** One running maximum with the Vector API's {@code max}. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float vectorApiMax() {
    FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < SIZE; i += L) {
      m = m.max(FloatVector.fromArray(S, x, i));
    }
    return m.reduceLanes(VectorOperators.MAX);
  }
}
