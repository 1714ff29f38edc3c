package org.replearn.privacy.probe;

import org.replearn.privacy.noisygd.LabelledFeatures;

/**
 * Per-example normalisation x -> x / ||x||_2. It touches each example alone, so it costs no
 * privacy, and it bounds the linear probe's per-example gradient norm by ||g|| (sqrt((K-1)/K) at W
 * = 0 for cross-entropy). Zero vectors stay zero.
 */
public final class Normalization {
  private Normalization() {}

  /** A copy of {@code data} with every feature vector scaled to unit L2 norm. */
  public static LabelledFeatures perExample(LabelledFeatures data) {
    int p = data.p();
    float[] x = data.x().clone();
    for (int i = 0; i < data.n(); i++) {
      double sq = 0;
      for (int j = 0; j < p; j++) {
        sq += (double) x[i * p + j] * x[i * p + j];
      }
      if (sq > 0) {
        float inv = (float) (1 / Math.sqrt(sq));
        for (int j = 0; j < p; j++) {
          x[i * p + j] *= inv;
        }
      }
    }
    return data.withFeatures(x, p);
  }
}
