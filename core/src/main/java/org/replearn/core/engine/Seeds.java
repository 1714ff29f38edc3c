package org.replearn.core.engine;

import java.util.SplittableRandom;

/**
 * A seed and the fixed rule that derives child seeds from it (one per zoo member, fold, repeat).
 *
 * <p>{@code child(i)} depends only on the parent seed and {@code i}, never on how many children
 * were taken before, so the same seed gives the same result however work is batched or resumed. The
 * mix is SplitMix64's finaliser (Steele, Lea and Flood 2014), the generator behind {@link
 * SplittableRandom}.
 */
public record Seeds(long seed) {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** The child seed with index {@code index}: a fixed, well-mixed function of (seed, index). */
  public Seeds child(long index) {
    return new Seeds(mix64(seed ^ mix64(index * GOLDEN_GAMMA + GOLDEN_GAMMA)));
  }

  /** The child seed named {@code name}, for purposes that are not indexed ("init", "data", ...). */
  public Seeds child(String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return child(mix64(h));
  }

  /** A fresh generator seeded from this seed; two calls give two identical streams. */
  public SplittableRandom random() {
    return new SplittableRandom(seed);
  }

  /** SplitMix64 finaliser (bijective on 64-bit values). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
