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
import org.replearn.core.numeric.VectorExp;

/**
 * Nanoseconds per element of sum_i exp((x_i - m) / epsilon) over an L1-resident array of 1,024
 * floats, the inner loop of a Sinkhorn log-sum-exp: {@link VectorExp} against the Vector API's own
 * {@code EXP} (a vendor kernel once compiled, which the project does not use because its bits
 * depend on when C2 compiled the loop). Each variant is its own method, so that C2 compiles each
 * loop on its own: a loop that picks the variant per call merges their vectors and can box them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {JmhDefaults.VECTOR, JmhDefaults.OFFLINE, JmhDefaults.TRAP_LIMIT})
public class VectorExpBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int SIZE = 1024;

  private final float[] x = new float[SIZE];
  private final float shift = 1f;
  private final float invEps = 20f;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(0);
    for (int i = 0; i < SIZE; i++) {
      x[i] = 1f - 0.5f * (float) random.nextDouble();
    }
  }

  /** The sum with {@link VectorExp#exp}. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float vectorExp() {
    FloatVector sum = FloatVector.zero(S);
    for (int i = 0; i < SIZE; i += S.length()) {
      sum = sum.add(VectorExp.exp(FloatVector.fromArray(S, x, i).sub(shift).mul(invEps)));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** The sum with the Vector API's {@code EXP}. */
  @Benchmark
  @OperationsPerInvocation(SIZE)
  public float jdkExp() {
    FloatVector sum = FloatVector.zero(S);
    for (int i = 0; i < SIZE; i += S.length()) {
      sum =
          sum.add(
              FloatVector.fromArray(S, x, i).sub(shift).mul(invEps).lanewise(VectorOperators.EXP));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }
}
