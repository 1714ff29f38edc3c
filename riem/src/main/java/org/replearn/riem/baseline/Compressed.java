package org.replearn.riem.baseline;

import java.util.Map;
import org.replearn.riem.RelativeError;
import org.replearn.riem.layer.StorageAccounting;

/**
 * A compressed matrix: its reconstruction, its storage and the settings that produced it.
 *
 * @param method riem, svd, quantize or prune
 * @param rows rows of W
 * @param cols columns of W
 * @param reconstruction W_hat {@code [rows, cols]} row-major
 * @param storedBits stored bits under the accounting used
 * @param parameters stored values (parameters, kept entries, quantised weights)
 * @param settings method settings (rank, d, m, bits, kept fraction, ...)
 */
public record Compressed(
    String method,
    int rows,
    int cols,
    float[] reconstruction,
    long storedBits,
    long parameters,
    Map<String, Object> settings) {

  /** {@code storedBits / (32 rows cols)}. */
  public double compressionRatio() {
    return StorageAccounting.ratio(storedBits, rows, cols);
  }

  /** {@code mean|W - W_hat| / std(W)}. */
  public double relativeError(float[] target) {
    return RelativeError.of(target, reconstruction);
  }
}
