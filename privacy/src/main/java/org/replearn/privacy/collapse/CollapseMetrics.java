package org.replearn.privacy.collapse;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.replearn.core.InvalidInputException;
import org.replearn.privacy.noisygd.LabelledFeatures;

/**
 * Neural-collapse metrics of labelled features (as in rhubarbwu/neural-collapse {@code
 * measure.py}), with mu_k the class means, mu_G the global mean (mean of class means), Sigma_W =
 * (1/n) sum_i (x_i - mu_{y_i})(x_i - mu_{y_i})^T and Sigma_B = (1/K) sum_k (mu_k - mu_G)(mu_k -
 * mu_G)^T.
 *
 * @param nc1 tr(Sigma_W pinv(Sigma_B)) / K
 * @param nc1TraceRatio tr(Sigma_W) / tr(Sigma_B)
 * @param etfError ||S - (I - 11^T/K)/sqrt(K-1)||_F with S the Gram matrix of the centred class
 *     means divided by its Frobenius norm
 * @param cdnv class-distance normalised variance (Var_k + Var_l) / (2 ||mu_k - mu_l||^2), averaged
 *     over class pairs, Var_k = mean_{i in k} ||x_i - mu_k||^2
 * @param meanDistanceToClassMean mean over examples of ||x_i - mu_{y_i}|| / r, with r the mean norm
 *     of the centred class means (0 under perfect collapse)
 */
public record CollapseMetrics(
    double nc1,
    double nc1TraceRatio,
    double etfError,
    double cdnv,
    double meanDistanceToClassMean) {

  /** Relative threshold below which singular values of the centred means count as zero. */
  static final double PINV_RCOND = 1e-10;

  /**
   * Computes the metrics in O(n p K) time and O(p K) memory: pinv(Sigma_B) is applied through the
   * thin SVD of the centred class means, never as a [p, p] matrix.
   *
   * @param data features with at least two examples in each of at least two classes
   */
  public static CollapseMetrics of(LabelledFeatures data) {
    int k = data.classes();
    int p = data.p();
    int[] counts = data.classCounts();
    for (int c = 0; c < k; c++) {
      InvalidInputException.require(
          counts[c] >= 1, "examples of class " + c, "must be >= 1 for collapse metrics", counts[c]);
    }
    double[][] mu = classMeans(data);
    double[] global = new double[p];
    for (double[] m : mu) {
      for (int j = 0; j < p; j++) {
        global[j] += m[j] / k;
      }
    }
    double[][] centred = new double[k][p];
    double traceB = 0;
    double meanNorm = 0;
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < p; j++) {
        centred[c][j] = mu[c][j] - global[j];
      }
      double sq = SimplexEtf.dot(centred[c], centred[c]);
      traceB += sq / k;
      meanNorm += Math.sqrt(sq) / k;
    }
    // Sigma_B = D D^T / K with D = centred^T [p, K]; D = U S V^T, pinv(Sigma_B) = K U S^-2 U^T.
    SingularValueDecomposition svd =
        new SingularValueDecomposition(new Array2DRowRealMatrix(centred, false).transpose());
    double[] s = svd.getSingularValues();
    RealMatrix u = svd.getU();
    int rank = 0;
    while (rank < s.length && s[rank] > PINV_RCOND * s[0]) {
      rank++;
    }
    double[][] directions = new double[rank][p];
    for (int r = 0; r < rank; r++) {
      for (int j = 0; j < p; j++) {
        directions[r][j] = u.getEntry(j, r);
      }
    }
    double traceW = 0;
    double[] projected = new double[rank];
    double[] classVariance = new double[k];
    double distanceSum = 0;
    double[] residual = new double[p];
    for (int i = 0; i < data.n(); i++) {
      int y = data.labels()[i];
      double sq = 0;
      for (int j = 0; j < p; j++) {
        residual[j] = data.get(i, j) - mu[y][j];
        sq += residual[j] * residual[j];
      }
      traceW += sq;
      classVariance[y] += sq / counts[y];
      distanceSum += Math.sqrt(sq);
      for (int r = 0; r < rank; r++) {
        double d = SimplexEtf.dot(directions[r], residual);
        projected[r] += d * d;
      }
    }
    int n = data.n();
    traceW /= n;
    // tr(Sigma_W pinv(Sigma_B)) / K = sum_r s_r^-2 (1/n) sum_i (u_r . (x_i - mu_y))^2
    double nc1 = 0;
    for (int r = 0; r < rank; r++) {
      nc1 += projected[r] / n / (s[r] * s[r]);
    }
    return new CollapseMetrics(
        nc1,
        traceW / traceB,
        etfError(centred),
        cdnv(mu, classVariance),
        distanceSum / n / meanNorm);
  }

  /** Class means {@code [K][p]} in double precision. */
  static double[][] classMeans(LabelledFeatures data) {
    int p = data.p();
    double[][] mu = new double[data.classes()][p];
    int[] counts = data.classCounts();
    for (int i = 0; i < data.n(); i++) {
      int y = data.labels()[i];
      for (int j = 0; j < p; j++) {
        mu[y][j] += data.get(i, j);
      }
    }
    for (int c = 0; c < mu.length; c++) {
      for (int j = 0; j < p; j++) {
        mu[c][j] /= Math.max(1, counts[c]);
      }
    }
    return mu;
  }

  /** ||G/||G||_F - (I - 11^T/K)/sqrt(K-1)||_F for the Gram matrix G of the rows of {@code m}. */
  static double etfError(double[][] m) {
    int k = m.length;
    double[][] gram = new double[k][k];
    double norm = 0;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        gram[a][b] = SimplexEtf.dot(m[a], m[b]);
        norm += gram[a][b] * gram[a][b];
      }
    }
    norm = Math.sqrt(norm);
    double err = 0;
    double ideal = 1 / Math.sqrt(k - 1.0);
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double target = ((a == b ? 1 : 0) - 1.0 / k) * ideal;
        double d = gram[a][b] / norm - target;
        err += d * d;
      }
    }
    return Math.sqrt(err);
  }

  private static double cdnv(double[][] mu, double[] variance) {
    int k = mu.length;
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        double dist = 0;
        for (int j = 0; j < mu[a].length; j++) {
          double d = mu[a][j] - mu[b][j];
          dist += d * d;
        }
        sum += (variance[a] + variance[b]) / (2 * dist);
        pairs++;
      }
    }
    return sum / pairs;
  }
}
