package org.replearn.multiview.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.multiview.eval.CrossViewRetrieval;
import org.replearn.multiview.eval.LinearProbe;
import org.replearn.multiview.eval.NearestNeighbours;

/**
 * Evaluates a model's encoder representations: ridge linear probe and kNN accuracy (fitted on the
 * first {@code trainObjects} training objects, scored on the first {@code testObjects} test
 * objects, all unaugmented) and cross-view top-1 retrieval between two random views of the first
 * {@code retrievalObjects} test objects.
 */
public final class RepresentationEvaluator {

  /**
   * Settings.
   *
   * @param trainObjects objects to fit the probe and kNN on
   * @param testObjects objects to score
   * @param neighbours k of kNN (10)
   * @param retrievalObjects objects in the retrieval gallery
   * @param relativeRidge ridge of the probe as a fraction of n (1e-3)
   */
  public record Config(
      int trainObjects,
      int testObjects,
      int neighbours,
      int retrievalObjects,
      double relativeRidge) {
    public Config {
      InvalidInputException.require(
          trainObjects >= 1, "trainObjects", "must be >= 1", trainObjects);
      InvalidInputException.require(testObjects >= 1, "testObjects", "must be >= 1", testObjects);
      InvalidInputException.require(
          retrievalObjects >= 2, "retrievalObjects", "must be >= 2", retrievalObjects);
    }
  }

  /**
   * Scores in [0, 1].
   *
   * @param linearProbe ridge probe test accuracy
   * @param knn kNN test accuracy
   * @param retrieval cross-view top-1 retrieval accuracy
   */
  public record Metrics(double linearProbe, double knn, double retrieval) {}

  private RepresentationEvaluator() {}

  /** Evaluates the model. */
  public static Metrics evaluate(
      MultiViewModel model, ViewSource train, ViewSource test, Config config, Seeds seeds) {
    int nTrain = Math.min(config.trainObjects(), train.size());
    int nTest = Math.min(config.testObjects(), test.size());
    int nRet = Math.min(config.retrievalObjects(), test.size());
    int[] trainIdx = range(nTrain);
    int[] testIdx = range(nTest);
    float[][] trainX = embed(model, train.clean(trainIdx), nTrain);
    float[][] testX = embed(model, test.clean(testIdx), nTest);
    int[] trainY = Arrays.copyOf(train.labels(), nTrain);
    int[] testY = Arrays.copyOf(test.labels(), nTest);
    double probe = LinearProbe.accuracy(trainX, trainY, testX, testY, config.relativeRidge());
    double knn = NearestNeighbours.accuracy(trainX, trainY, testX, testY, config.neighbours());
    int[] retIdx = range(nRet);
    float[] two = test.views(retIdx, 2, seeds.child("retrieval-views").random());
    int size = test.inputSize();
    float[][] a = embed(model, Arrays.copyOfRange(two, 0, nRet * size), nRet);
    float[][] b = embed(model, Arrays.copyOfRange(two, nRet * size, 2 * nRet * size), nRet);
    return new Metrics(probe, knn, CrossViewRetrieval.top1(a, b));
  }

  /**
   * Encoder representations of {@code count} flattened inputs, in batches of 256.
   *
   * @return {@code [count, dim]}
   */
  public static float[][] embed(MultiViewModel model, float[] inputs, int count) {
    int size = inputs.length / count;
    float[][] out = new float[count][];
    int batch = 256;
    for (int s = 0; s < count; s += batch) {
      int m = Math.min(batch, count - s);
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray x =
            scope.create(Arrays.copyOfRange(inputs, s * size, (s + m) * size), model.batchShape(m));
        NDArray h = model.represent(x, false);
        int d = (int) h.getShape().get(1);
        float[] flat = h.toFloatArray();
        for (int i = 0; i < m; i++) {
          out[s + i] = Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
      }
    }
    return out;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
