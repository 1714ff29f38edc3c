package org.replearn.multiview.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  /** Well-separated Gaussian classes: probe and kNN are perfect; shuffled labels are at chance. */
  @Test
  void probeAndKnnSeparateClustersAndFailOnShuffledLabels() {
    SplittableRandom rng = new SplittableRandom(1);
    int classes = 4;
    float[][] centres = new float[classes][6];
    for (int c = 0; c < classes; c++) {
      centres[c][c] = 5;
    }
    float[][] train = new float[400][];
    int[] trainY = new int[400];
    float[][] test = new float[200][];
    int[] testY = new int[200];
    for (int i = 0; i < 600; i++) {
      int y = i % classes;
      float[] x = centres[y].clone();
      for (int j = 0; j < x.length; j++) {
        x[j] += (float) (0.5 * rng.nextGaussian());
      }
      if (i < 400) {
        train[i] = x;
        trainY[i] = y;
      } else {
        test[i - 400] = x;
        testY[i - 400] = y;
      }
    }
    assertEquals(1.0, LinearProbe.accuracy(train, trainY, test, testY, 1e-3), 0);
    assertEquals(1.0, NearestNeighbours.accuracy(train, trainY, test, testY, 10), 0);
    int[] shuffled = trainY.clone();
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    assertTrue(LinearProbe.accuracy(train, shuffled, test, testY, 1e-3) < 0.45);
    assertTrue(NearestNeighbours.accuracy(train, shuffled, test, testY, 10) < 0.45);
  }

  @Test
  void retrievalIsPerfectForIdenticalViewsAndLowForUnrelatedOnes() {
    SplittableRandom rng = new SplittableRandom(2);
    float[][] a = new float[100][8];
    float[][] b = new float[100][8];
    for (int i = 0; i < 100; i++) {
      for (int j = 0; j < 8; j++) {
        a[i][j] = (float) rng.nextGaussian();
        b[i][j] = (float) rng.nextGaussian();
      }
    }
    assertEquals(1.0, CrossViewRetrieval.top1(a, a), 0);
    assertTrue(CrossViewRetrieval.top1(a, b) < 0.1);
  }
}
