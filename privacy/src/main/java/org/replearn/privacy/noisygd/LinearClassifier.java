package org.replearn.privacy.noisygd;

import org.replearn.core.InvalidInputException;
import org.replearn.core.numeric.VectorDot;

/**
 * A linear classifier f(x) = W x + b, predicting argmax_c f(x)_c.
 *
 * @param weights W, row-major {@code [classes, p]}
 * @param bias b {@code [classes]}, or null without bias
 * @param classes K
 * @param p feature dimension
 */
public record LinearClassifier(float[] weights, float[] bias, int classes, int p) {

  public LinearClassifier {
    requireShapes(weights, bias, classes, p);
  }

  /**
   * Checks that W is {@code [classes, p]} and b, when given, {@code [classes]}.
   *
   * @throws InvalidInputException naming {@code weights} or {@code bias} and the length found
   */
  static void requireShapes(float[] weights, float[] bias, int classes, int p) {
    InvalidInputException.require(
        weights.length == classes * p,
        "weights",
        "must have classes*p = " + classes + "*" + p + " values",
        weights.length);
    InvalidInputException.require(
        bias == null || bias.length == classes,
        "bias",
        "must have " + classes + " values",
        bias == null ? 0 : bias.length);
  }

  /** W = 0 (and b = 0 when {@code withBias}): the initialisation of the paper. */
  public static LinearClassifier zeros(int classes, int p, boolean withBias) {
    return new LinearClassifier(
        new float[classes * p], withBias ? new float[classes] : null, classes, p);
  }

  /** Predicted class of every example, {@code [n]}. */
  public int[] predict(LabelledFeatures data) {
    requireDimension(data);
    int[] out = new int[data.n()];
    for (int i = 0; i < data.n(); i++) {
      int best = 0;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        float s = VectorDot.dot(weights, c * p, data.x(), i * p, p) + (bias == null ? 0 : bias[c]);
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** Fraction of examples whose predicted class is their label. */
  public double accuracy(LabelledFeatures data) {
    int[] predicted = predict(data);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == data.labels()[i]) {
        correct++;
      }
    }
    return correct / (double) predicted.length;
  }

  /** Checks that {@code data} has this classifier's dimension and classes. */
  public void requireDimension(LabelledFeatures data) {
    InvalidInputException.require(
        data.p() == p, "feature dimension", "must match the classifier's p = " + p, data.p());
    InvalidInputException.require(
        data.classes() == classes,
        "number of classes",
        "must match the classifier's K = " + classes,
        data.classes());
  }
}
