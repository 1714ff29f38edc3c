package org.replearn.weightspace.downstream;

import org.replearn.core.linalg.Pca;

/** Projection of embeddings on their first principal components ({@link Pca#exact}). */
public final class EmbeddingPca {
  private EmbeddingPca() {}

  /**
   * @param embeddings [rows][d]
   * @param components how many components (<= d)
   * @return [rows][components], centred
   */
  public static double[][] project(float[][] embeddings, int components) {
    Pca pca = Pca.exact(embeddings, components);
    double[][] out = new double[embeddings.length][];
    for (int i = 0; i < embeddings.length; i++) {
      out[i] = pca.project(embeddings[i]);
    }
    return out;
  }
}
