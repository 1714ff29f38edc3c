package org.replearn.core.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.replearn.core.InvalidInputException;

/**
 * Worker pools of the plain-Java kernels (RieM fitting, clipped gradient sums): a fixed number of
 * daemon threads named after the kernel, so that a kernel its owner forgot to close never keeps the
 * JVM alive and a thread dump shows which kernel a thread serves. The kernel shuts its pool down
 * ({@code shutdownNow}) when closed.
 *
 * <p>An idle worker polls its queue for {@link #SPIN_NANOS} before it blocks, and {@link #await}
 * polls a task's completion as long before it blocks, as OpenMP runtimes spin before they sleep
 * ({@code OMP_WAIT_POLICY}). A kernel step hands work to its threads several times a millisecond,
 * and waking a blocked thread is slow on a virtual machine, whose idle vCPU halts. On a 2-vCPU KVM
 * guest (Intel Xeon), JMH {@code KernelPoolsBenchmark}: a JDK fixed pool's {@code invokeAll} of two
 * tiny tasks took a median 89 us after 200 us idle and 99 us after 1 ms; {@link #runParts} took 20
 * and 51 us (past the spin window, one wake-up instead of two). The JDK's executors block at once
 * (their queues park the thread), which is why this pool is built here.
 */
public final class KernelPools {
  /** How long an idle worker, or a caller in {@link #await}, polls before it blocks: 200 us. */
  public static final long SPIN_NANOS = 200_000;

  private KernelPools() {}

  /**
   * A fixed pool of {@code threads} daemon threads named {@code name-0}, {@code name-1}, ..., whose
   * idle threads spin for {@link #SPIN_NANOS} before they block.
   *
   * @param threads >= 1
   */
  public static ExecutorService fixedDaemon(String name, int threads) {
    InvalidInputException.require(threads >= 1, "threads", "must be >= 1", threads);
    AtomicInteger next = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new SpinningQueue(SPIN_NANOS),
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

  /**
   * Waits for {@code task}, polling for up to {@link #SPIN_NANOS} before blocking in {@link
   * Future#get()}.
   *
   * @throws ExecutionException as {@link Future#get()}
   * @throws InterruptedException as {@link Future#get()}
   */
  public static <T> T await(Future<T> task) throws ExecutionException, InterruptedException {
    long end = System.nanoTime() + SPIN_NANOS;
    while (!task.isDone() && System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
    return task.get();
  }

  /**
   * Runs {@code body} for parts 0 .. parts - 1: part 0 on the calling thread, the others on {@code
   * pool}, then waits for them with {@link #await}. A pool part's failure is rethrown as an {@link
   * IllegalStateException} "{@code what} failed", with the failure as its cause; part 0's
   * propagates as thrown.
   *
   * @param pool the kernel's pool, or null when {@code parts} is 1
   */
  public static void runParts(ExecutorService pool, int parts, IntConsumer body, String what) {
    List<Future<?>> others = new ArrayList<>(Math.max(0, parts - 1));
    for (int part = 1; part < parts; part++) {
      int p = part;
      others.add(pool.submit(() -> body.accept(p)));
    }
    body.accept(0);
    try {
      for (Future<?> f : others) {
        await(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed", e.getCause());
    }
  }

  /** A work queue whose {@code take} polls for {@code spinNanos} before it blocks. */
  static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    private final long spinNanos;

    SpinningQueue(long spinNanos) {
      this.spinNanos = spinNanos;
    }

    @Override
    public Runnable take() throws InterruptedException {
      long end = System.nanoTime() + spinNanos;
      do {
        Runnable r = poll();
        if (r != null) {
          return r;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        Thread.onSpinWait();
      } while (System.nanoTime() - end < 0);
      return super.take();
    }
  }
}
