package org.replearn.riem.baseline;

import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.replearn.core.InvalidInputException;
import org.replearn.riem.fit.MinMaxQuantizer;
import org.replearn.riem.layer.StorageAccounting;

/**
 * Truncated SVD {@code W ~ U_r diag(S_r) V_r^T} (Eckart-Young optimal in Frobenius norm at fixed
 * rank), computed once with Commons Math; U {@code [rows, r]} and V {@code [cols, r]} can be
 * quantised per column like RieM's P and Q, S stays float32.
 */
public final class TruncatedSvd {
  private final int rows;
  private final int cols;
  private final double[][] u;
  private final double[] singular;
  private final double[][] v;

  /** Decomposes W {@code [rows, cols]} row-major. */
  public TruncatedSvd(float[] w, int rows, int cols) {
    this.rows = rows;
    this.cols = cols;
    double[][] a = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        a[i][j] = w[i * cols + j];
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(a, false);
    SingularValueDecomposition svd = new SingularValueDecomposition(m);
    this.u = svd.getU().getData();
    this.singular = svd.getSingularValues();
    this.v = svd.getV().getData();
  }

  /** The largest usable rank, {@code min(rows, cols)}. */
  public int maxRank() {
    return singular.length;
  }

  /** Singular values, descending. */
  public double[] singularValues() {
    return singular.clone();
  }

  /**
   * The rank-r reconstruction.
   *
   * @param quantizer quantises U and V per column, or {@code null} for float32
   */
  public Compressed truncate(int rank, MinMaxQuantizer quantizer, StorageAccounting accounting) {
    InvalidInputException.require(
        rank >= 1 && rank <= maxRank(), "rank", "must be in 1.." + maxRank(), rank);
    float[] uf = new float[rows * rank];
    float[] vf = new float[cols * rank];
    for (int i = 0; i < rows; i++) {
      for (int r = 0; r < rank; r++) {
        uf[i * rank + r] = (float) u[i][r];
      }
    }
    for (int j = 0; j < cols; j++) {
      for (int r = 0; r < rank; r++) {
        vf[j * rank + r] = (float) v[j][r];
      }
    }
    if (quantizer != null) {
      quantizer.quantizeColumns(uf, 0, rows, rank);
      quantizer.quantizeColumns(vf, 0, cols, rank);
    }
    float[] out = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = 0;
        for (int r = 0; r < rank; r++) {
          sum += uf[i * rank + r] * (double) (float) singular[r] * vf[j * rank + r];
        }
        out[i * cols + j] = (float) sum;
      }
    }
    int bits = quantizer == null ? StorageAccounting.FLOAT_BITS : quantizer.bits();
    return new Compressed(
        "svd",
        rows,
        cols,
        out,
        accounting.svdBits(rows, cols, rank, bits),
        (long) rank * (rows + cols + 1),
        Map.of("rank", rank, "bits", bits));
  }
}
