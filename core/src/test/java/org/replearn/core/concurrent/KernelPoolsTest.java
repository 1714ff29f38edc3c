package org.replearn.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

class KernelPoolsTest {

  @Test
  void threadsAreNamedDaemonsAndAsManyAsAsked() throws Exception {
    ExecutorService pool = KernelPools.fixedDaemon("kernel", 3);
    try {
      Set<String> names = ConcurrentHashMap.newKeySet();
      CountDownLatch allIn = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        pool.submit(
            () -> {
              assertTrue(Thread.currentThread().isDaemon());
              names.add(Thread.currentThread().getName());
              allIn.countDown();
              allIn.await(); // all three tasks at once: three distinct threads
              return null;
            });
      }
      assertTrue(allIn.await(30, TimeUnit.SECONDS));
      assertEquals(Set.of("kernel-0", "kernel-1", "kernel-2"), names);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSpinningIdlePoolStillRunsLateTasksAndShutsDown() throws Exception {
    ExecutorService pool = KernelPools.fixedDaemon("kernel", 2);
    try {
      assertEquals(1, KernelPools.await(pool.submit(() -> 1)));
      // past the spin window the workers block; a task submitted then must still run
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(KernelPools.SPIN_NANOS) + 50);
      assertEquals(2, KernelPools.await(pool.submit(() -> 2)));
      // a task longer than the spin window: await falls back to blocking in get()
      assertEquals(
          3,
          KernelPools.await(
              pool.submit(
                  () -> {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(KernelPools.SPIN_NANOS) + 20);
                    return 3;
                  })));
    } finally {
      pool.shutdownNow();
    }
    // shutdownNow interrupts idle workers, spinning or blocked
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
  }

  @Test
  void awaitRethrowsTheTasksFailure() {
    ExecutorService pool = KernelPools.fixedDaemon("kernel", 1);
    try {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  KernelPools.await(
                      pool.submit(
                          () -> {
                            throw new IllegalStateException("boom");
                          })));
      assertEquals("boom", e.getCause().getMessage());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void runPartsRunsEveryPartOncePartZeroOnTheCaller() {
    Thread caller = Thread.currentThread();
    int[] runs = new int[5];
    Thread[] ranOn = new Thread[5];
    KernelPools.runParts(null, 1, p -> ranOn[p] = Thread.currentThread(), "one part");
    assertEquals(caller, ranOn[0]);
    ExecutorService pool = KernelPools.fixedDaemon("kernel", 2);
    try {
      // more parts than pool threads: the rest queue
      KernelPools.runParts(
          pool,
          5,
          p -> {
            runs[p]++;
            ranOn[p] = Thread.currentThread();
          },
          "five parts");
      assertArrayEquals(new int[] {1, 1, 1, 1, 1}, runs);
      assertEquals(caller, ranOn[0]);
      for (int p = 1; p < 5; p++) {
        assertTrue(ranOn[p].getName().startsWith("kernel-"), ranOn[p].getName());
      }
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  KernelPools.runParts(
                      pool,
                      3,
                      p -> {
                        if (p == 2) {
                          throw new ArithmeticException("part 2");
                        }
                      },
                      "test kernel"));
      assertEquals("test kernel failed", e.getMessage());
      assertEquals("part 2", e.getCause().getMessage());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noPoolForNoWorkers() {
    assertNull(KernelPools.fixedDaemonOrNull("kernel", 0));
    assertThrows(InvalidInputException.class, () -> KernelPools.fixedDaemon("kernel", 0));
  }
}
