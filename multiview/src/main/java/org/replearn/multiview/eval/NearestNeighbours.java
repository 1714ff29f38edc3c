package org.replearn.multiview.eval;

import java.util.stream.IntStream;
import org.replearn.core.InvalidInputException;
import org.replearn.core.numeric.ArgMax;
import org.replearn.core.numeric.VectorDot;

/**
 * k-nearest-neighbour classification by cosine similarity: each test object takes the majority
 * label of its k most similar training objects (ties go to the class whose neighbours have the
 * larger summed similarity).
 */
public final class NearestNeighbours {
  private NearestNeighbours() {}

  /** Test accuracy; {@code k} is clamped to the training set size. */
  public static double accuracy(
      float[][] trainX, int[] trainY, float[][] testX, int[] testY, int k) {
    InvalidInputException.require(k >= 1, "k", "must be >= 1", k);
    InvalidInputException.require(trainX.length > 0, "kNN training set", "must not be empty", 0);
    int kk = Math.min(k, trainX.length);
    float[][] tr = Features.unitRows(trainX);
    float[][] te = Features.unitRows(testX);
    int classes = 0;
    for (int y : trainY) {
      classes = Math.max(classes, y + 1);
    }
    int nClasses = classes;
    long correct =
        IntStream.range(0, te.length)
            .parallel()
            .filter(i -> predict(tr, trainY, te[i], kk, nClasses) == testY[i])
            .count();
    return correct / (double) te.length;
  }

  private static int predict(float[][] tr, int[] trainY, float[] q, int k, int classes) {
    float[] bestSim = new float[k];
    int[] bestIdx = new int[k];
    java.util.Arrays.fill(bestSim, Float.NEGATIVE_INFINITY);
    for (int j = 0; j < tr.length; j++) {
      float s = VectorDot.dot(q, tr[j]);
      if (s > bestSim[k - 1]) {
        int pos = k - 1;
        while (pos > 0 && bestSim[pos - 1] < s) {
          bestSim[pos] = bestSim[pos - 1];
          bestIdx[pos] = bestIdx[pos - 1];
          pos--;
        }
        bestSim[pos] = s;
        bestIdx[pos] = j;
      }
    }
    double[] votes = new double[classes];
    for (int r = 0; r < k; r++) {
      votes[trainY[bestIdx[r]]] += 1 + 1e-6 * bestSim[r];
    }
    return ArgMax.of(votes);
  }
}
