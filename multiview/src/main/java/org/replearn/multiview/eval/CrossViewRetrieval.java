package org.replearn.multiview.eval;

import java.util.stream.IntStream;
import org.replearn.core.InvalidInputException;
import org.replearn.core.numeric.VectorDot;

/**
 * Cross-view retrieval: for every object i, its embedding in view A queries the embeddings of all
 * objects in view B by cosine similarity; top-1 accuracy is the fraction whose best match is i
 * itself (chance level 1/n).
 */
public final class CrossViewRetrieval {
  private CrossViewRetrieval() {}

  /**
   * @param viewA {@code [n, d]}
   * @param viewB {@code [n, d]}, row i the same object as row i of viewA
   */
  public static double top1(float[][] viewA, float[][] viewB) {
    InvalidInputException.require(
        viewA.length == viewB.length, "retrieval views", "must have equal sizes", viewB.length);
    float[][] a = Features.unitRows(viewA);
    float[][] b = Features.unitRows(viewB);
    long hits =
        IntStream.range(0, a.length)
            .parallel()
            .filter(
                i -> {
                  int best = 0;
                  float bestSim = Float.NEGATIVE_INFINITY;
                  for (int j = 0; j < b.length; j++) {
                    float s = VectorDot.dot(a[i], b[j]);
                    if (s > bestSim) {
                      bestSim = s;
                      best = j;
                    }
                  }
                  return best == i;
                })
            .count();
    return hits / (double) a.length;
  }
}
