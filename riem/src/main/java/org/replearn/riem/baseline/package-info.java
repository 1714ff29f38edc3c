/**
 * Data-free baselines at equal storage: truncated SVD (with the same per-column quantisation as
 * RieM), min-max quantisation and magnitude pruning, plus the common {@link
 * org.replearn.riem.baseline.Compressed} result and budget-driven size selection in {@link
 * org.replearn.riem.baseline.MatrixCompressors}.
 */
package org.replearn.riem.baseline;
