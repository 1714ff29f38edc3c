package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.train.AdamW;

/** The plain-Java AdamW against core's DJL AdamW (itself checked against torch.optim.AdamW). */
@Tag("engine")
class FlatAdamWTest {

  @Test
  void agreesWithCoreAdamW() {
    int p = 37; // a vector tail: not a multiple of 8
    double lambda = 0.1;
    AdamW.Config config = new AdamW.Config(0.9, 0.999, 1e-8, lambda);
    SplittableRandom rng = new SplittableRandom(3);
    float[] theta = new float[p];
    for (int i = 0; i < p; i++) {
      theta[i] = (float) rng.nextGaussian();
    }
    float[] m = new float[p];
    float[] v = new float[p];
    FlatAdamW flat = new FlatAdamW(config);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray reference = manager.create(theta.clone());
      try (AdamW adam = new AdamW(config, List.of(reference))) {
        for (int t = 1; t <= 20; t++) {
          float[] g = new float[p];
          for (int i = 0; i < p; i++) {
            g[i] = (float) rng.nextGaussian() * (i % 3 == 0 ? 1e-3f : 1f);
          }
          double lr = 0.01 / t;
          flat.step(theta, g, m, v, t, lr, lambda);
          adam.step(List.of(manager.create(g)), lr);
        }
      }
      float[] expected = reference.toFloatArray();
      for (int i = 0; i < p; i++) {
        assertEquals(
            expected[i], theta[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "entry " + i);
      }
    }
  }
}
