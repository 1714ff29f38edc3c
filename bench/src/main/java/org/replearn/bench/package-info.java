/**
 * JMH benchmarks of the hot kernels, calling the same fixtures as the {@code bench} commands: the
 * formal-language LSTM zoo update ({@link org.replearn.bench.ZooUpdateBenchmark}), the RieM fitting
 * step ({@link org.replearn.bench.RiemFitBenchmark}), the NoisyGD step ({@link
 * org.replearn.bench.NoisyGdStepBenchmark}) and the multi-marginal Sinkhorn solve ({@link
 * org.replearn.bench.SinkhornBenchmark}).
 *
 * <p>Build with {@code mvn -o -q package -DskipTests -pl bench -am}, then run, e.g. {@code java
 * --add-modules jdk.incubator.vector -cp "bench/target/replearn-bench.jar:bench/target/lib/*"
 * org.openjdk.jmh.Main RiemFit -f 1 -wi 3 -i 5}. They are not run by the tests.
 */
package org.replearn.bench;
