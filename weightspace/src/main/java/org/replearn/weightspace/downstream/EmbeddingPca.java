package org.replearn.weightspace.downstream;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/** Projection of embeddings on their first principal components (Commons Math eigensolver). */
public final class EmbeddingPca {
  private EmbeddingPca() {}

  /**
   * @param embeddings [rows][d]
   * @param components how many components (<= d)
   * @return [rows][components], centred
   */
  public static double[][] project(float[][] embeddings, int components) {
    int n = embeddings.length;
    int d = embeddings[0].length;
    double[][] x = new double[n][d];
    double[] mean = new double[d];
    for (float[] row : embeddings) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / (double) n;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = embeddings[i][j] - mean[j];
      }
    }
    RealMatrix covariance = new Covariance(x, false).getCovarianceMatrix();
    EigenDecomposition eigen = new EigenDecomposition(covariance);
    double[] values = eigen.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int j = 0; j < d; j++) {
      order[j] = j;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
    double[][] out = new double[n][components];
    for (int c = 0; c < components; c++) {
      double[] v = eigen.getEigenvector(order[c]).toArray();
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += x[i][j] * v[j];
        }
        out[i][c] = s;
      }
    }
    return out;
  }
}
