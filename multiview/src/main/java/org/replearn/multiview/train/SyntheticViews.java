package org.replearn.multiview.train;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;

/**
 * A synthetic multi-view set with a shared class signal and view-private nuisance: a CPU-sized
 * stand-in for the paper's multi-view benchmarks (not a set of the paper). Object i of class y has
 * latent s_i = mu_y + 0.7 e_i in R^8 (10 class means mu_y ~ N(0, I)); every view draws fresh noise:
 *
 * <pre>x = A (s_i + 0.6 e) + 3 B u + 0.1 e',   u ~ N(0, I_8) private to the view</pre>
 *
 * with fixed Gaussian A, B in R^{32 x 8} (entries N(0, 1/8)). The evaluation input of object i is A
 * s_i + 3 B u_i with a nuisance u_i fixed per object, so a good multi-view representation must keep
 * A s and discard the large nuisance B u.
 */
public final class SyntheticViews implements ViewSource {
  /** Input dimension. */
  public static final int DIM = 32;

  private static final int LATENT = 8;
  private static final int CLASSES = 10;

  private final int[] labels;
  private final double[][] latents;
  private final double[][] nuisance;
  private final double[][] a;
  private final double[][] b;

  /**
   * @param count number of objects
   * @param seeds the same seed gives the same class means, maps and objects
   * @param part distinguishes splits drawn from the same class means and maps (e.g. 0 train, 1
   *     test)
   */
  public SyntheticViews(int count, Seeds seeds, int part) {
    InvalidInputException.require(count >= 1, "count", "must be >= 1", count);
    SplittableRandom shared = seeds.child("synthetic-maps").random();
    double[][] means = gaussian(shared, CLASSES, LATENT, 1);
    this.a = gaussian(shared, DIM, LATENT, Math.sqrt(1.0 / LATENT));
    this.b = gaussian(shared, DIM, LATENT, Math.sqrt(1.0 / LATENT));
    SplittableRandom rng = seeds.child("synthetic-objects").child(part).random();
    this.labels = new int[count];
    this.latents = new double[count][LATENT];
    this.nuisance = new double[count][LATENT];
    for (int i = 0; i < count; i++) {
      labels[i] = rng.nextInt(CLASSES);
      for (int j = 0; j < LATENT; j++) {
        latents[i][j] = means[labels[i]][j] + 0.7 * rng.nextGaussian();
        nuisance[i][j] = rng.nextGaussian();
      }
    }
  }

  private static double[][] gaussian(SplittableRandom rng, int rows, int cols, double std) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = std * rng.nextGaussian();
      }
    }
    return m;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public long[] inputShape() {
    return new long[] {DIM};
  }

  @Override
  public float[] views(int[] indices, int k, SplittableRandom rng) {
    float[] out = new float[k * indices.length * DIM];
    double[] s = new double[LATENT];
    double[] u = new double[LATENT];
    for (int l = 0; l < k; l++) {
      for (int q = 0; q < indices.length; q++) {
        for (int j = 0; j < LATENT; j++) {
          s[j] = latents[indices[q]][j] + 0.6 * rng.nextGaussian();
          u[j] = rng.nextGaussian();
        }
        int off = (l * indices.length + q) * DIM;
        for (int d = 0; d < DIM; d++) {
          double v = 0.1 * rng.nextGaussian();
          for (int j = 0; j < LATENT; j++) {
            v += a[d][j] * s[j] + 3 * b[d][j] * u[j];
          }
          out[off + d] = (float) v;
        }
      }
    }
    return out;
  }

  @Override
  public float[] clean(int[] indices) {
    float[] out = new float[indices.length * DIM];
    for (int q = 0; q < indices.length; q++) {
      for (int d = 0; d < DIM; d++) {
        double v = 0;
        for (int j = 0; j < LATENT; j++) {
          v += a[d][j] * latents[indices[q]][j] + 3 * b[d][j] * nuisance[indices[q]][j];
        }
        out[q * DIM + d] = (float) v;
      }
    }
    return out;
  }
}
