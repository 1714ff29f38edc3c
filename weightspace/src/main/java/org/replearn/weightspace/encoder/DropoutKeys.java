package org.replearn.weightspace.encoder;

import java.util.SplittableRandom;

/**
 * Where the dropout masks of the calling thread take their keys: within {@link #seeded} a seeded
 * Java stream, elsewhere PyTorch's global generator. Training code seeds the keys per step, so a
 * run draws the same masks whatever other threads of the JVM do with PyTorch's generator (one
 * generator for the whole process): encoders trained side by side stay reproducible.
 */
public final class DropoutKeys implements AutoCloseable {
  private static final ThreadLocal<SplittableRandom> KEYS = new ThreadLocal<>();

  private final SplittableRandom previous;

  private DropoutKeys(SplittableRandom previous) {
    this.previous = previous;
  }

  /** Keys from a stream seeded with {@code seed} on this thread until closed. */
  public static DropoutKeys seeded(long seed) {
    DropoutKeys scope = new DropoutKeys(KEYS.get());
    KEYS.set(new SplittableRandom(seed));
    return scope;
  }

  /** The next key of this thread's seeded stream, or null outside {@link #seeded}. */
  static Long next() {
    SplittableRandom keys = KEYS.get();
    return keys == null ? null : keys.nextLong();
  }

  @Override
  public void close() {
    if (previous == null) {
      KEYS.remove();
    } else {
      KEYS.set(previous);
    }
  }
}
