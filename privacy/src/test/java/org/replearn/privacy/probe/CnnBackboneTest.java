package org.replearn.privacy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.collapse.CollapseMetrics;
import org.replearn.privacy.noisygd.LabelledFeatures;

/** The backbone on synthetic 28x28 images whose class is a bright bar at a class-specific row. */
@Tag("engine")
class CnnBackboneTest {

  static ImageDataset bars(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(10);
      int row = 2 + 2 * labels[i] + rng.nextInt(2);
      for (int c = 0; c < 28; c++) {
        for (int r = 0; r < 28; r++) {
          int v = rng.nextInt(60) + (r == row ? 180 : 0);
          pixels[(i * 28 + r) * 28 + c] = (byte) Math.min(255, v);
        }
      }
    }
    return new ImageDataset("bars", n, 28, 28, pixels, labels);
  }

  @Test
  void moreTrainingGivesMoreCollapsedFeatures() {
    // chance level is 0.1; 60 Adam steps learn the bars well above it (accuracy over the last 50
    // batches, early ones included)
    ImageDataset train = bars(1200, 1);
    ImageDataset test = bars(300, 2);
    double weakNc1;
    double strongNc1;
    try (CnnBackbone weak = CnnBackbone.train(train, 2, 16, new Seeds(3), Device.cpu())) {
      LabelledFeatures f = weak.extract(test);
      assertEquals(300, f.n());
      assertEquals(16, f.p());
      assertEquals(test.labels()[7], f.labels()[7]);
      weakNc1 = CollapseMetrics.of(f).nc1();
    }
    try (CnnBackbone strong = CnnBackbone.train(train, 60, 16, new Seeds(3), Device.cpu())) {
      assertTrue(strong.trainAccuracy() > 0.5, "accuracy " + strong.trainAccuracy());
      strongNc1 = CollapseMetrics.of(strong.extract(test)).nc1();
    }
    assertTrue(strongNc1 < weakNc1, "NC1 strong " + strongNc1 + " weak " + weakNc1);
  }
}
