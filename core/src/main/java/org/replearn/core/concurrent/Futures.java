package org.replearn.core.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work submitted to a pool, with the task's own failure rethrown as it was thrown. */
public final class Futures {
  private Futures() {}

  /**
   * The result of {@code future}, once it is done.
   *
   * @throws IOException the task's own failure when it is an {@link IOException} (a {@link
   *     RuntimeException} or {@link Error} is rethrown unchanged too, any other in an IOException);
   *     an {@link InterruptedIOException} when this thread is interrupted while waiting, with the
   *     interrupt flag set again
   */
  public static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted");
      io.initCause(e);
      throw io;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}
