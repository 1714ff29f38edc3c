package org.replearn.core.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.InvalidInputException;

/**
 * Measures the machine's roofs with the project's own code, as STREAM measures bandwidth and a
 * register-resident FMA loop measures peak: no vendor figure is trusted.
 *
 * <ul>
 *   <li>Streaming read bandwidth: each of T threads sums its own float array of {@code
 *       readBytesPerThread} bytes (by default 8 times the last-level cache where the heap allows,
 *       so every pass comes from memory) with the preferred species and four independent
 *       accumulators; bytes = T x array bytes per pass.
 *   <li>FMA peak: each of T threads runs {@code fmaIterations} iterations of twelve independent
 *       {@code acc = acc * a + b} lane-wise FMAs of the preferred species (twelve chains hide an
 *       FMA latency of 4 cycles on two FMA ports); operations = T x iterations x 12 x lanes x 2.
 *   <li>Division rate: each of T threads runs {@code fmaIterations / 16} (at least 1) iterations of
 *       eight independent {@code acc = 1 / (acc + 1)} lane-wise divisions (eight chains cover a
 *       division latency of up to eight times its issue interval); divisions = T x iterations x 8 x
 *       lanes. A vector division occupies the divider for many cycles (about 10 for 16 lanes on an
 *       Intel Xeon with AVX-512, where two FMAs issue per cycle), so a kernel that divides once per
 *       element can be held to this roof long before the FMA peak.
 * </ul>
 *
 * Each figure is warmed up with {@link WarmUp} (the loops must be C2-compiled) and reported as min
 * / median / max over {@code repeats} passes.
 */
public final class MachineProbe {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Keeps results alive so that the JIT cannot drop the loops. */
  private static volatile double blackhole;

  private MachineProbe() {}

  /**
   * What to measure.
   *
   * @param threads thread counts, each measured (e.g. 1 and 2)
   * @param readBytesPerThread bytes of each thread's streamed array
   * @param fmaIterations iterations of the FMA loop per thread and pass (the division loop runs a
   *     sixteenth of them)
   * @param warmUp warm-up of each figure
   * @param repeats timed passes per figure
   */
  public record Settings(
      List<Integer> threads,
      long readBytesPerThread,
      long fmaIterations,
      WarmUp warmUp,
      int repeats) {
    public Settings {
      InvalidInputException.require(
          threads != null && !threads.isEmpty(), "threads", "must not be empty", threads);
      for (int t : threads) {
        InvalidInputException.require(t >= 1, "threads", "must all be >= 1", threads);
      }
      InvalidInputException.require(
          readBytesPerThread >= 4L * S.length() && readBytesPerThread <= (4L << 30) - 64,
          "read bytes per thread",
          "must be between one vector and 4 GiB (one float array)",
          readBytesPerThread);
      InvalidInputException.requireAtLeast(fmaIterations, 1, "FMA iterations");
      InvalidInputException.requireAtLeast(repeats, 1, "repeats");
      threads = List.copyOf(threads);
    }

    /**
     * Threads 1 and 2, arrays of {@link #defaultReadBytes(int) defaultReadBytes(2)} per thread,
     * 2^23 FMA iterations, 1 s warm-up, 10 repeats.
     */
    public static Settings defaults() {
      return new Settings(List.of(1, 2), defaultReadBytes(2), 1L << 23, WarmUp.forSeconds(1), 10);
    }

    /**
     * Bytes of each of {@code threads} streamed arrays: max(256 MiB, 8 x the last-level cache),
     * capped at one float array (4 GiB) and at half of the heap still available divided among the
     * threads, rounded down to a whole vector.
     *
     * <p>The heap cap matters where the last-level cache is large: a guest of a server whose L3 is
     * 480 MiB would otherwise stream two arrays of 3.75 GiB, and a kernel bench that measures the
     * roofs again after its kernels, with their data still live, ran out of an 8 GiB heap. Under
     * the cap the arrays can come within 8x of the cache; {@code readArrayBytes} and {@code
     * lastLevelCacheBytes} of the result say by how much.
     */
    public static long defaultReadBytes(int threads) {
      InvalidInputException.requireAtLeast(threads, 1, "threads");
      Runtime runtime = Runtime.getRuntime();
      long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
      long bytes = Math.max(256L << 20, 8 * lastLevelCacheBytes());
      bytes = Math.min(bytes, (4L << 30) - 64);
      bytes = Math.min(bytes, available / 2 / threads);
      return Math.max(1, bytes / (4L * S.length())) * (4L * S.length());
    }
  }

  /** Measures every figure of {@code settings}. */
  public static MachineRoofline measure(Settings settings) {
    int most = settings.threads().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int length = (int) (settings.readBytesPerThread() / 4);
    float[][] arrays = new float[most][length];
    for (float[] a : arrays) {
      java.util.Arrays.fill(a, 1f);
    }
    List<MachineRoofline.ThreadFigure> figures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(most, MachineProbe::daemon);
    try {
      for (int t : settings.threads().stream().sorted().distinct().toList()) {
        double bytes = (double) t * length * 4;
        Spread read =
            parallel(pool, t, settings, w -> readSum(arrays[w])).seconds().inverse(bytes / 1e9);
        double flops = (double) t * settings.fmaIterations() * 12 * S.length() * 2;
        Spread fma =
            parallel(pool, t, settings, w -> fmaChains(settings.fmaIterations()))
                .seconds()
                .inverse(flops / 1e9);
        long divIterations = divIterations(settings.fmaIterations());
        double divisions = (double) t * divIterations * 8 * S.length();
        Spread div =
            parallel(pool, t, settings, w -> divisionChains(divIterations))
                .seconds()
                .inverse(divisions / 1e9);
        figures.add(
            new MachineRoofline.ThreadFigure(
                t, read.median(), read, fma.median(), fma, div.median(), div));
      }
    } finally {
      pool.shutdownNow();
    }
    return new MachineRoofline(
        cpuModel(),
        S.vectorBitSize(),
        S.length(),
        Runtime.getRuntime().availableProcessors(),
        lastLevelCacheBytes(),
        settings.readBytesPerThread(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        figures);
  }

  /** One thread's share of a pass, given the thread's index. */
  @FunctionalInterface
  private interface Share {
    double run(int worker);
  }

  /** Warms up and times passes in which {@code threads} threads each run {@code share} at once. */
  private static StepTimer.Result parallel(
      ExecutorService pool, int threads, Settings settings, Share share) {
    return StepTimer.measure(
        settings.warmUp(),
        settings.repeats(),
        step -> {
          List<Future<Double>> futures = new ArrayList<>(threads);
          for (int w = 0; w < threads; w++) {
            int worker = w;
            futures.add(pool.submit(() -> share.run(worker)));
          }
          double sink = 0;
          try {
            for (Future<Double> f : futures) {
              sink += f.get();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("machine probe interrupted", e);
          } catch (ExecutionException e) {
            throw new IllegalStateException("machine probe failed", e.getCause());
          }
          blackhole = sink;
        });
  }

  /** Sum of {@code a} with four vector accumulators (length a multiple of the species length). */
  static double readSum(float[] a) {
    int step = S.length();
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int i = 0;
    int bound = a.length - 4 * step;
    for (; i <= bound; i += 4 * step) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + step));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * step));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * step));
    }
    for (; i < S.loopBound(a.length); i += step) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
    }
    return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
  }

  /**
   * Twelve independent FMA chains {@code acc = acc * a + b} for {@code iterations} iterations; with
   * a = 0.5 and b = 1 every chain converges to 2, so no value overflows or becomes subnormal.
   */
  static double fmaChains(long iterations) {
    FloatVector a = FloatVector.broadcast(S, 0.5f);
    FloatVector b = FloatVector.broadcast(S, 1f);
    FloatVector c0 = FloatVector.broadcast(S, 0.1f);
    FloatVector c1 = FloatVector.broadcast(S, 0.2f);
    FloatVector c2 = FloatVector.broadcast(S, 0.3f);
    FloatVector c3 = FloatVector.broadcast(S, 0.4f);
    FloatVector c4 = FloatVector.broadcast(S, 0.5f);
    FloatVector c5 = FloatVector.broadcast(S, 0.6f);
    FloatVector c6 = FloatVector.broadcast(S, 0.7f);
    FloatVector c7 = FloatVector.broadcast(S, 0.8f);
    FloatVector c8 = FloatVector.broadcast(S, 0.9f);
    FloatVector c9 = FloatVector.broadcast(S, 1.0f);
    FloatVector c10 = FloatVector.broadcast(S, 1.1f);
    FloatVector c11 = FloatVector.broadcast(S, 1.2f);
    for (long i = 0; i < iterations; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
    }
    return c0.add(c1)
        .add(c2)
        .add(c3)
        .add(c4)
        .add(c5)
        .add(c6)
        .add(c7)
        .add(c8)
        .add(c9)
        .add(c10)
        .add(c11)
        .reduceLanes(VectorOperators.ADD);
  }

  /**
   * Iterations of {@link #divisionChains} for a probe of {@code fmaIterations} FMA iterations: a
   * sixteenth (at least 1), so that both loops run for a similar time where a vector division costs
   * about as much as 16 FMAs.
   */
  static long divIterations(long fmaIterations) {
    return Math.max(1, fmaIterations / 16);
  }

  /**
   * Eight independent division chains {@code acc = 1 / (acc + 1)} for {@code iterations}
   * iterations; every chain tends to the golden ratio's inverse (0.618...), so no value overflows
   * or becomes subnormal.
   */
  static double divisionChains(long iterations) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    FloatVector c0 = FloatVector.broadcast(S, 0.1f);
    FloatVector c1 = FloatVector.broadcast(S, 0.2f);
    FloatVector c2 = FloatVector.broadcast(S, 0.3f);
    FloatVector c3 = FloatVector.broadcast(S, 0.4f);
    FloatVector c4 = FloatVector.broadcast(S, 0.5f);
    FloatVector c5 = FloatVector.broadcast(S, 0.6f);
    FloatVector c6 = FloatVector.broadcast(S, 0.7f);
    FloatVector c7 = FloatVector.broadcast(S, 0.8f);
    for (long i = 0; i < iterations; i++) {
      c0 = one.div(c0.add(one));
      c1 = one.div(c1.add(one));
      c2 = one.div(c2.add(one));
      c3 = one.div(c3.add(one));
      c4 = one.div(c4.add(one));
      c5 = one.div(c5.add(one));
      c6 = one.div(c6.add(one));
      c7 = one.div(c7.add(one));
    }
    return c0.add(c1)
        .add(c2)
        .add(c3)
        .add(c4)
        .add(c5)
        .add(c6)
        .add(c7)
        .reduceLanes(VectorOperators.ADD);
  }

  /** The CPU's "model name" from /proc/cpuinfo, or "unknown" (not Linux). */
  public static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return "unknown";
  }

  /**
   * The largest cache of cpu0 in bytes ({@code /sys/devices/system/cpu/cpu0/cache/index*}/size), or
   * 0 where unknown.
   */
  public static long lastLevelCacheBytes() {
    long largest = 0;
    Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
    for (int i = 0; i < 8; i++) {
      try {
        String size = Files.readString(dir.resolve("index" + i).resolve("size")).trim();
        largest = Math.max(largest, parseCacheSize(size));
      } catch (IOException | RuntimeException e) {
        // no such level
      }
    }
    return largest;
  }

  /** "32768K" to 33554432; "8M" to 8388608; plain digits are bytes. */
  static long parseCacheSize(String size) {
    char unit = Character.toUpperCase(size.charAt(size.length() - 1));
    long factor = unit == 'K' ? 1024 : unit == 'M' ? 1 << 20 : unit == 'G' ? 1L << 30 : 1;
    String digits = factor == 1 ? size : size.substring(0, size.length() - 1);
    return Long.parseLong(digits.trim()) * factor;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "machine-probe");
    t.setDaemon(true);
    return t;
  }
}
