package org.replearn.multiview.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.replearn.core.InvalidInputException;
import org.replearn.core.numeric.ArgMax;

/**
 * A ridge-regression linear probe: features are standardised with the training mean and standard
 * deviation, a bias column is added, and W = (X^T X + lambda n I)^{-1} X^T Y is fitted to one-hot
 * labels Y; a test object is assigned the class with the largest score. Closed form, so it is
 * deterministic and fast (O(n d^2)).
 */
public final class LinearProbe {
  private LinearProbe() {}

  /**
   * Test accuracy of the probe.
   *
   * @param trainX {@code [n, d]}
   * @param trainY labels in [0, classes)
   * @param testX {@code [m, d]}
   * @param testY labels
   * @param relativeRidge lambda as a fraction of n (e.g. 1e-3), &gt; 0
   */
  public static double accuracy(
      float[][] trainX, int[] trainY, float[][] testX, int[] testY, double relativeRidge) {
    InvalidInputException.require(trainX.length > 0, "probe training set", "must not be empty", 0);
    InvalidInputException.require(relativeRidge > 0, "relativeRidge", "must be > 0", relativeRidge);
    int d = trainX[0].length;
    int classes = 0;
    for (int y : trainY) {
      classes = Math.max(classes, y + 1);
    }
    for (int y : testY) {
      classes = Math.max(classes, y + 1);
    }
    double[] mean = new double[d];
    double[] std = new double[d];
    for (float[] row : trainX) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / (double) trainX.length;
      }
    }
    for (float[] row : trainX) {
      for (int j = 0; j < d; j++) {
        double c = row[j] - mean[j];
        std[j] += c * c / trainX.length;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j]) + 1e-8;
    }
    int p = d + 1;
    double[][] gram = new double[p][p];
    double[][] xty = new double[p][classes];
    double[] z = new double[p];
    for (int i = 0; i < trainX.length; i++) {
      standardise(trainX[i], mean, std, z);
      for (int a = 0; a < p; a++) {
        double za = z[a];
        for (int b = a; b < p; b++) {
          gram[a][b] += za * z[b];
        }
        xty[a][trainY[i]] += za;
      }
    }
    double lambda = relativeRidge * trainX.length;
    for (int a = 0; a < p; a++) {
      for (int b = 0; b < a; b++) {
        gram[a][b] = gram[b][a];
      }
      gram[a][a] += lambda;
    }
    RealMatrix w =
        new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false))
            .getSolver()
            .solve(new Array2DRowRealMatrix(xty, false));
    double[][] wd = w.getData();
    int correct = 0;
    double[] scores = new double[classes];
    for (int i = 0; i < testX.length; i++) {
      standardise(testX[i], mean, std, z);
      java.util.Arrays.fill(scores, 0);
      for (int a = 0; a < p; a++) {
        for (int c = 0; c < classes; c++) {
          scores[c] += z[a] * wd[a][c];
        }
      }
      if (ArgMax.of(scores) == testY[i]) {
        correct++;
      }
    }
    return correct / (double) testX.length;
  }

  private static void standardise(float[] x, double[] mean, double[] std, double[] out) {
    for (int j = 0; j < x.length; j++) {
      out[j] = (x[j] - mean[j]) / std[j];
    }
    out[x.length] = 1;
  }
}
