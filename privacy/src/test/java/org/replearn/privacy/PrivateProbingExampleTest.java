package org.replearn.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.replearn.privacy.probe.PrivateProbe;
import org.replearn.privacy.probe.ProbeAccountant;
import org.replearn.privacy.probe.ProbeConfig;

/**
 * Runs the README's "From Java" private-probing example (ReadmeExamplesTest checks it is there).
 */
class PrivateProbingExampleTest {

  @Test
  void readmeExample() {
    // README example: begin
    // accounting: 100 full-batch steps at sigma 10, and the same with Poisson sampling q = 0.01
    PrivateProbing.Spent fullBatch = PrivateProbing.epsilon(10.0, 100, 1.0, 1e-5);
    PrivateProbing.Spent sampled = PrivateProbing.epsilon(10.0, 100, 0.01, 1e-5);
    double sigma = PrivateProbing.noiseMultiplier(1.0, 1e-5, 100, 1.0);
    // features: 1,000 examples of 2 classes in 8 dimensions, centred at -1 and +1
    SplittableRandom rng = new SplittableRandom(1);
    int n = 1000;
    int p = 8;
    float[] x = new float[n * p];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      for (int j = 0; j < p; j++) {
        x[i * p + j] = (float) (2 * y[i] - 1 + rng.nextGaussian());
      }
    }
    LabelledFeatures train =
        new LabelledFeatures(Arrays.copyOf(x, 800 * p), 800, p, Arrays.copyOf(y, 800), 2);
    LabelledFeatures test =
        new LabelledFeatures(
            Arrays.copyOfRange(x, 800 * p, n * p), 200, p, Arrays.copyOfRange(y, 800, n), 2);
    ProbeConfig config =
        ProbeConfig.builder()
            .setEpsilon(1.0)
            .setDelta(1e-5)
            .setSteps(20)
            .setLearningRate(1.0 / 800)
            .build();
    PrivateProbe.Result probe = PrivateProbing.probe(train, test, config, 42L);
    System.out.printf(
        "epsilon %.3f (full batch), %.3f (q = 0.01); sigma %.2f spends epsilon 1;"
            + " probe accuracy %.3f at epsilon %.3f (sigma %.2f)%n",
        fullBatch.epsilon(),
        sampled.epsilon(),
        sigma,
        probe.accuracy(),
        probe.epsilon(),
        probe.noiseMultiplier());
    // README example: end
    assertEquals(ProbeAccountant.GDP, fullBatch.accountant());
    assertEquals(ProbeAccountant.RDP, sampled.accountant());
    // T full-batch Gaussian steps are mu-GDP with mu = sqrt(T) / sigma, and mu-GDP gives
    // delta(eps) = Phi(-eps/mu + mu/2) - e^eps Phi(-eps/mu - mu/2) (Dong, Roth, Su 2019, Cor. 2.13)
    double mu = Math.sqrt(100) / 10.0;
    NormalDistribution phi = new NormalDistribution();
    double eps = fullBatch.epsilon();
    double delta =
        phi.cumulativeProbability(-eps / mu + mu / 2)
            - Math.exp(eps) * phi.cumulativeProbability(-eps / mu - mu / 2);
    assertEquals(1e-5, delta, 1e-8);
    assertTrue(sampled.epsilon() < fullBatch.epsilon(), "sampling amplifies privacy");
    assertEquals(1.0, PrivateProbing.epsilon(sigma, 100, 1.0, 1e-5).epsilon(), 1e-6);
    assertTrue(probe.epsilon() <= 1.0 + 1e-9, "spent " + probe.epsilon());
    assertTrue(probe.noiseMultiplier() > 0);
    assertTrue(probe.accuracy() > 0.9, "accuracy " + probe.accuracy());
  }
}
