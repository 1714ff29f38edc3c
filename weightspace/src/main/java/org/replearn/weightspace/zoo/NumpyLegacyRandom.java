package org.replearn.weightspace.zoo;

/**
 * numpy's legacy global generator ({@code np.random.seed(s)}, a Mersenne Twister MT19937 seeded
 * with {@code init_genrand}) and its {@code permutation(n)}, bit for bit, so the official task
 * splits (made with {@code np.random.seed(1)} and {@code seed(2)}) are reproduced exactly.
 * Matsumoto and Nishimura (1998); numpy's {@code random_interval} draws by masked rejection.
 */
final class NumpyLegacyRandom {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int index;

  NumpyLegacyRandom(long seed) {
    int s = (int) (seed & 0xffffffffL);
    for (int i = 0; i < N; i++) {
      mt[i] = s;
      s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
    }
    index = N;
  }

  /** Next 32 random bits (as an unsigned value in a long). */
  long nextUint32() {
    if (index >= N) {
      for (int k = 0; k < N; k++) {
        int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
        mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
      }
      index = 0;
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /** Uniform integer in [0, max] by masked rejection ({@code random_interval}, max < 2^32). */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = nextUint32() & mask;
    } while (value > max);
    return value;
  }

  /** {@code np.random.seed(seed); np.random.permutation(n)}. */
  static int[] permutation(long seed, int n) {
    NumpyLegacyRandom rng = new NumpyLegacyRandom(seed);
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i >= 1; i--) {
      int j = (int) rng.interval(i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
