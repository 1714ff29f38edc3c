package org.replearn.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class FuturesTest {
  @Test
  void givesTheResult() throws IOException {
    assertEquals(7, Futures.await(CompletableFuture.completedFuture(7)));
  }

  @Test
  void rethrowsTheTasksOwnIoAndUncheckedFailures() {
    IOException io = new IOException("disk full");
    IllegalStateException state = new IllegalStateException("bad state");
    assertSame(io, assertThrows(IOException.class, () -> Futures.await(failed(io))));
    assertSame(
        state, assertThrows(IllegalStateException.class, () -> Futures.await(failed(state))));
  }

  @Test
  void wrapsOtherCheckedFailuresInAnIoException() {
    Exception other = new Exception("other");
    IOException e = assertThrows(IOException.class, () -> Futures.await(failed(other)));
    assertSame(other, e.getCause());
  }

  @Test
  void interruptionKeepsTheFlagAndSaysSo() {
    FutureTask<Integer> never = new FutureTask<>(() -> 1);
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedIOException.class, () -> Futures.await(never));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  private static FutureTask<Integer> failed(Exception e) {
    FutureTask<Integer> task =
        new FutureTask<>(
            () -> {
              throw e;
            });
    task.run();
    return task;
  }
}
