package org.replearn.core.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.replearn.core.InvalidInputException;

/**
 * Worker pools of the plain-Java kernels (RieM fitting, clipped gradient sums): a fixed number of
 * daemon threads named after the kernel, so that a kernel its owner forgot to close never keeps the
 * JVM alive and a thread dump shows which kernel a thread serves. The kernel shuts its pool down
 * ({@code shutdownNow}) when closed.
 */
public final class KernelPools {
  private KernelPools() {}

  /**
   * A fixed pool of {@code threads} daemon threads named {@code name-0}, {@code name-1}, ...
   *
   * @param threads >= 1
   */
  public static ExecutorService fixedDaemon(String name, int threads) {
    InvalidInputException.require(threads >= 1, "threads", "must be >= 1", threads);
    AtomicInteger next = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name + "-" + next.getAndIncrement());
          t.setDaemon(true);
          return t;
        });
  }

  /** {@link #fixedDaemon}, or null when {@code threads} <= 0 (the caller then runs alone). */
  public static ExecutorService fixedDaemonOrNull(String name, int threads) {
    return threads >= 1 ? fixedDaemon(name, threads) : null;
  }
}
