package org.replearn.privacy.noisygd;

import java.util.Arrays;
import org.replearn.core.InvalidInputException;
import org.replearn.core.linalg.Pca;

/**
 * Feature vectors with class labels, stored densely for fused kernels.
 *
 * @param x features, row-major {@code [n, p]} float32
 * @param n number of examples
 * @param p feature dimension
 * @param labels {@code [n]} class indices in {@code [0, classes)}
 * @param classes number of classes K
 */
public record LabelledFeatures(float[] x, int n, int p, int[] labels, int classes) {

  public LabelledFeatures {
    InvalidInputException.require(n >= 1, "examples n", "must be >= 1", n);
    InvalidInputException.require(p >= 1, "feature dimension p", "must be >= 1", p);
    InvalidInputException.require(classes >= 2, "classes K", "must be >= 2", classes);
    InvalidInputException.require(
        x.length == (long) n * p,
        "features",
        "must hold n*p = " + ((long) n * p) + " values",
        x.length);
    InvalidInputException.require(
        labels.length == n, "labels", "must hold one label per example (" + n + ")", labels.length);
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw InvalidInputException.of(
            "label of example " + i, "must be in [0, " + classes + ")", labels[i]);
      }
    }
  }

  /** Feature j of example i. */
  public float get(int i, int j) {
    return x[i * p + j];
  }

  /** Number of examples of each class, {@code [classes]}. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    for (int y : labels) {
      counts[y]++;
    }
    return counts;
  }

  /** The same labels with the features projected on the components of {@code pca}. */
  public LabelledFeatures projectedOn(Pca pca) {
    return withFeatures(pca.transform(x, n, p), pca.dimension());
  }

  /** The same labels with new features of dimension {@code newP}. */
  public LabelledFeatures withFeatures(float[] newX, int newP) {
    return new LabelledFeatures(newX, n, newP, labels, classes);
  }

  @Override
  public String toString() {
    return "LabelledFeatures[n=" + n + ", p=" + p + ", classes=" + classes + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelledFeatures f
        && n == f.n
        && p == f.p
        && classes == f.classes
        && Arrays.equals(x, f.x)
        && Arrays.equals(labels, f.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(x) + Arrays.hashCode(labels);
  }
}
