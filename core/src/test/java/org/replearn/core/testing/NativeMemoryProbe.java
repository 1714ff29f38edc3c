package org.replearn.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Checks that a long loop keeps memory flat ("a long run's memory stays flat: test it"): it
 * measures the process's resident set (VmRSS of {@code /proc/self/status}, which counts PyTorch's
 * native tensors and DJL's direct buffers, not only the Java heap) before and after many
 * iterations, and subtracts what the Java heap grew by, so what is left is native growth.
 *
 * <p>Typical use in any module's tests (core's test-jar is on their test class path):
 *
 * <pre>{@code
 * NativeMemoryProbe.assertFlat(20, 300, 32L << 20, i -> {
 *   try (NDManager step = root.newSubManager()) { trainer.step(step, batch(i)); }
 * });
 * }</pre>
 *
 * <p>Closed NDArrays created from Java arrays still hold direct buffers until the garbage collector
 * runs their cleaners, so memory in use rises between collections even in a loop that leaks
 * nothing. The probe therefore runs the collector every {@code warmup} iterations, during warm-up
 * and measurement alike: the high-water mark of one such block is reached during warm-up, and only
 * memory that stays reachable keeps growing afterwards. Pick {@code warmup} so that {@code
 * iterations / warmup} is about 5 to 20.
 *
 * <p>Limits: the resident set only grows once the allocator's free memory is used up, so a leak
 * smaller than memory freed earlier in the process can go unseen; make the measured phase leak, if
 * it leaked, far more than the allowance (say 10x). Linux only ({@link #supported()} says whether
 * {@code /proc/self/status} is readable).
 */
public final class NativeMemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");

  private NativeMemoryProbe() {}

  /** One iteration of the loop under test. */
  @FunctionalInterface
  public interface Iteration {
    /** Runs iteration {@code i} (0-based). */
    void run(int i) throws Exception;
  }

  /**
   * What the loop did to memory.
   *
   * @param residentBefore resident set after warm-up, bytes
   * @param residentAfter resident set after the measured iterations, bytes
   * @param heapBefore committed Java heap after warm-up, bytes
   * @param heapAfter committed Java heap after the measured iterations, bytes
   * @param iterations measured iterations
   */
  public record Growth(
      long residentBefore, long residentAfter, long heapBefore, long heapAfter, int iterations) {

    /** Resident growth not explained by Java heap growth, bytes (negative if memory shrank). */
    public long nativeBytes() {
      return (residentAfter - residentBefore) - Math.max(0, heapAfter - heapBefore);
    }

    /** {@link #nativeBytes()} per measured iteration. */
    public double nativeBytesPerIteration() {
      return (double) nativeBytes() / iterations;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "native growth %.1f MiB over %d iterations (resident %.1f -> %.1f MiB, heap %.1f -> %.1f"
              + " MiB)",
          nativeBytes() / 1048576.0,
          iterations,
          residentBefore / 1048576.0,
          residentAfter / 1048576.0,
          heapBefore / 1048576.0,
          heapAfter / 1048576.0);
    }
  }

  /** Whether the resident set can be read on this system. */
  public static boolean supported() {
    return Files.isReadable(STATUS);
  }

  /** The current resident set size in bytes (VmRSS). */
  public static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no VmRSS line in " + STATUS);
  }

  /**
   * Runs {@code warmup} iterations (allocator pools and caches fill up), takes a reading, runs
   * {@code iterations} more and takes another, collecting garbage every {@code warmup} iterations.
   *
   * @param warmup iterations before the first reading, and the collection interval, >= 1
   * @param iterations measured iterations, >= 1
   */
  public static Growth measure(int warmup, int iterations, Iteration body) throws Exception {
    if (iterations <= 0 || warmup <= 0) {
      throw new IllegalArgumentException(
          "need warmup > 0 and iterations > 0, found " + warmup + ", " + iterations);
    }
    for (int i = 0; i < warmup; i++) {
      body.run(i);
    }
    settle();
    long rss0 = residentBytes();
    long heap0 = Runtime.getRuntime().totalMemory();
    for (int i = warmup; i < warmup + iterations; i++) {
      body.run(i);
      if ((i + 1) % warmup == 0) {
        settle();
      }
    }
    settle();
    return new Growth(rss0, residentBytes(), heap0, Runtime.getRuntime().totalMemory(), iterations);
  }

  /**
   * Fails with an {@link AssertionError} describing the growth if native memory grew by more than
   * {@code allowedBytes} over the measured iterations.
   *
   * @return the measurement, for further checks or logging
   */
  public static Growth assertFlat(int warmup, int iterations, long allowedBytes, Iteration body)
      throws Exception {
    Growth g = measure(warmup, iterations, body);
    if (g.nativeBytes() > allowedBytes) {
      throw new AssertionError(
          "memory is not flat: "
              + g
              + ", allowed "
              + String.format(Locale.ROOT, "%.1f", allowedBytes / 1048576.0)
              + " MiB");
    }
    return g;
  }

  /**
   * Runs the collector so cleaners free the direct buffers of closed arrays, waits, then asks the C
   * allocator to give free pages back to the system, so memory freed earlier cannot hide new
   * growth.
   */
  private static void settle() throws InterruptedException {
    System.gc();
    Thread.sleep(20);
    trimNativeHeap();
  }

  /**
   * glibc's {@code malloc_trim} through the JVM's {@code System.trim_native_heap} diagnostic
   * command (JDK 17.0.9 and later); does nothing where the command is missing.
   */
  private static void trimNativeHeap() {
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "systemTrimNativeHeap",
              new Object[] {null},
              new String[] {String[].class.getName()});
    } catch (JMException | RuntimeException e) {
      // an older JVM: readings may include memory the allocator kept for reuse
    }
  }
}
