package org.replearn.riem.report;

/**
 * One reference model compressed by one method at one target rate: a row of the section's accuracy
 * table and of {@code results.json}'s {@code accuracy} list.
 *
 * @param model architecture id ({@code mlp}, {@code cnn}, ...)
 * @param data data set id
 * @param method compression method id ({@code riem}, {@code svd}, {@code quantize}, {@code prune})
 * @param rate the per-layer target rate (stored bits / float32 bits)
 * @param compressionRatio the whole model's stored bits / float32 bits
 * @param accuracyBefore test accuracy of the trained model
 * @param accuracyAfter test accuracy after compression
 * @param meanLayerError mean relative error mean|W - W_hat| / std(W) over the compressed layers
 */
public record CompressionAccuracy(
    String model,
    String data,
    String method,
    double rate,
    double compressionRatio,
    double accuracyBefore,
    double accuracyAfter,
    double meanLayerError) {

  /** Test accuracy lost by compressing, {@code accuracyBefore - accuracyAfter}. */
  public double accuracyLoss() {
    return accuracyBefore - accuracyAfter;
  }

  /** Whether this row is the compression of {@code other}'s model and data set. */
  boolean sameModel(CompressionAccuracy other) {
    return model.equals(other.model) && data.equals(other.data);
  }

  Object[] cells() {
    return new Object[] {
      model, data, method, rate, compressionRatio, accuracyBefore, accuracyAfter, meanLayerError
    };
  }
}
