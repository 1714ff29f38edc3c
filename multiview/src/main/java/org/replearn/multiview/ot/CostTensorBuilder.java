package org.replearn.multiview.ot;

/** Fills a {@link LogTensor} with -C, C[i] = sum_{a<b} D^{ab}[i_a, i_b], row by row. */
final class CostTensorBuilder {
  private CostTensorBuilder() {}

  /**
   * Writes -C into {@code t} in O(k n^k) (the sum over pairs not involving the last axis is shared
   * by a whole row).
   *
   * @return the population standard deviation of C over all entries
   */
  static double fillNegativeCost(MultiMarginalProblem problem, LogTensor t, int parts) {
    int k = t.k;
    int last = t.last;
    double mean = problem.costMean();
    double[] sq = new double[parts];
    int perFirst = t.size / t.shape[0];
    LogTensor.run(
        parts,
        part -> {
          int rowFrom = (int) ((long) part * t.shape[0] / parts) * perFirst / last;
          int rowTo = (int) ((long) (part + 1) * t.shape[0] / parts) * perFirst / last;
          int[] digit = new int[k - 1];
          double[] row = new double[last];
          double s2 = 0;
          for (int r = rowFrom; r < rowTo; r++) {
            int flat = r * last;
            for (int m = 0; m < k - 1; m++) {
              digit[m] = (flat / t.strides[m]) % t.shape[m];
            }
            double shared = 0;
            for (int a = 0; a < k - 1; a++) {
              for (int b = a + 1; b < k - 1; b++) {
                shared += problem.pairCostEntry(a, b, digit[a], digit[b]);
              }
            }
            java.util.Arrays.fill(row, shared);
            for (int a = 0; a < k - 1; a++) {
              double[] d = problem.pairCostRow(a, k - 1, digit[a]);
              for (int j = 0; j < last; j++) {
                row[j] += d[j];
              }
            }
            for (int j = 0; j < last; j++) {
              double c = row[j] - mean;
              s2 += c * c;
              row[j] = -row[j];
            }
            t.setRow(r, row);
          }
          sq[part] = s2;
        });
    double total = 0;
    for (double s : sq) {
      total += s;
    }
    return Math.sqrt(total / t.size);
  }
}
