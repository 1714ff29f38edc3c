package org.replearn.privacy.noisygd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.PrivacyEvent;
import org.replearn.privacy.accounting.RdpAccountant;
import org.replearn.privacy.accounting.UnsupportedEventException;

class NoisyGdTest {

  @Test
  void noiselessStepIsMinusEtaTimesClippedSum() {
    LabelledFeatures d = ClippedGradientSumTest.random(300, 20, 4, 3, 0.5);
    NoisyGdConfig config =
        NoisyGdConfig.builder()
            .setSteps(1)
            .setLearningRate(0.25)
            .setClipNorm(0.7)
            .optBias(true)
            .optThreads(2)
            .build();
    LinearClassifier model = NoisyGd.train(d, config, new Seeds(1), null).model();
    double[] ref =
        ClippedGradientSumTest.reference(
            d, new float[4 * 20], new float[4], Loss.CROSS_ENTROPY, 0.7, null, new int[1]);
    for (int e = 0; e < 80; e++) {
      assertEquals(-0.25 * ref[e], model.weights()[e], 1e-5);
    }
    for (int c = 0; c < 4; c++) {
      assertEquals(-0.25 * ref[80 + c], model.bias()[c], 1e-5);
    }
  }

  @Test
  void noiseHasStandardDeviationEtaSigmaG() {
    LabelledFeatures d = ClippedGradientSumTest.random(50, 500, 10, 4, 1);
    double eta = 0.5;
    double sigma = 3;
    double g = 0.2;
    NoisyGdConfig quiet =
        NoisyGdConfig.builder()
            .setSteps(1)
            .setLearningRate(eta)
            .setClipNorm(g)
            .optLoss(Loss.SQUARED)
            .build();
    NoisyGdConfig noisy = quiet.withNoiseMultiplier(sigma);
    float[] w0 = NoisyGd.train(d, quiet, new Seeds(2), null).model().weights();
    GdpAccountant acc = new GdpAccountant();
    float[] w1 = NoisyGd.train(d, noisy, new Seeds(2), acc).model().weights();
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < w0.length; i++) {
      double z = (w1[i] - w0[i]) / (eta * sigma * g);
      sum += z;
      sq += z * z;
    }
    int m = w0.length;
    assertEquals(0, sum / m, 5 / Math.sqrt(m));
    assertEquals(1, sq / m, 5 * Math.sqrt(2.0 / m));
    assertEquals(1 / sigma, acc.mu(), 1e-12);
  }

  @Test
  void dpSgdSamplesAtRateQAndUsesTheSubsampledAccountant() {
    int[] rows = NoisyGd.poissonSample(100_000, 0.03, new Seeds(5));
    assertEquals(3000, rows.length, 5 * Math.sqrt(100_000 * 0.03 * 0.97));
    LabelledFeatures d = ClippedGradientSumTest.random(400, 8, 3, 9, 1);
    NoisyGdConfig config =
        NoisyGdConfig.builder()
            .setSteps(20)
            .setLearningRate(0.1)
            .setClipNorm(1)
            .optNoiseMultiplier(1.2)
            .optSamplingRate(0.1)
            .build();
    RdpAccountant rdp = new RdpAccountant();
    NoisyGd.train(d, config, new Seeds(6), rdp);
    assertEquals(
        new RdpAccountant().compose(PrivacyEvent.dpSgd(1.2, 0.1, 20)).epsilon(1e-5),
        rdp.epsilon(1e-5),
        1e-12);
    // The exact GDP accountant cannot account for Poisson subsampling: refused before training.
    GdpAccountant gdp = new GdpAccountant();
    assertThrows(
        UnsupportedEventException.class, () -> NoisyGd.train(d, config, new Seeds(6), gdp));
    assertTrue(gdp.ledger().isEmpty());
  }

  @Test
  void calibratedRunSpendsTheTarget() {
    NoisyGdConfig config =
        NoisyGdConfig.builder()
            .setSteps(10)
            .setLearningRate(0.01)
            .setClipNorm(1)
            .optNoiseMultiplier(1)
            .build();
    double sigma = NoisyGd.calibrate(config, new GdpAccountant(), 2, 1e-5);
    GdpAccountant acc = new GdpAccountant();
    NoisyGd.train(
        ClippedGradientSumTest.random(30, 4, 2, 1, 1),
        config.withNoiseMultiplier(sigma),
        new Seeds(3),
        acc);
    assertEquals(2, acc.epsilon(1e-5), 1e-9);
  }

  @Test
  void separableDataIsLearnedWithoutNoise() {
    LabelledFeatures d = ClippedGradientSumTest.random(500, 6, 2, 11, 1);
    float[] x = d.x().clone();
    for (int i = 0; i < d.n(); i++) {
      x[i * 6] += d.labels()[i] == 0 ? 3 : -3;
    }
    LabelledFeatures sep = d.withFeatures(x, 6);
    NoisyGdConfig config =
        NoisyGdConfig.builder()
            .setSteps(30)
            .setLearningRate(0.01)
            .setClipNorm(5)
            .optThreads(2)
            .build();
    assertTrue(NoisyGd.train(sep, config, new Seeds(1), null).model().accuracy(sep) > 0.98);
  }
}
