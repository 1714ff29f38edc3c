package org.replearn.riem.report;

/**
 * One matrix compressed by RieM and by SVD at RieM's storage: a row of the section's matrix table
 * and of {@code results.json}'s {@code matrices} list.
 *
 * @param matrix the matrix's name
 * @param rows rows of the matrix
 * @param cols columns of the matrix
 * @param neuronDim RieM's neuron-state dimension d
 * @param metricDim RieM's metric dimension m
 * @param riemSteps RieM main-run steps taken
 * @param riemError RieM's relative error mean|W - W_hat| / std(W)
 * @param svdRank SVD's rank at RieM's storage (every stored bit counted)
 * @param svdError SVD's relative error at that rank
 * @param riemRatio RieM's stored bits / float32 bits
 * @param svdRatio SVD's stored bits / float32 bits
 * @param svdRankPaperCount SVD's rank at RieM's parameter count as the paper counts it
 * @param svdErrorPaperCount SVD's relative error at that rank
 */
public record MatrixComparison(
    String matrix,
    int rows,
    int cols,
    int neuronDim,
    int metricDim,
    long riemSteps,
    double riemError,
    int svdRank,
    double svdError,
    double riemRatio,
    double svdRatio,
    int svdRankPaperCount,
    double svdErrorPaperCount) {

  Object[] cells() {
    return new Object[] {
      matrix,
      rows + " x " + cols,
      neuronDim + ", " + metricDim,
      riemSteps,
      riemError,
      svdRank,
      svdError,
      riemRatio,
      svdRatio,
      svdRankPaperCount,
      svdErrorPaperCount
    };
  }
}
