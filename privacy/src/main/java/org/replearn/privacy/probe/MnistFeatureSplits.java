package org.replearn.privacy.probe;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.noisygd.LabelledFeatures;

/**
 * Frozen CNN features for a private MNIST probe. The 60,000 MNIST training images are split by a
 * seeded permutation into a public half (pre-trains the backbone and fits any PCA) and a private
 * half (trains the private probe); the 10,000 test images measure accuracy.
 *
 * @param publicSplit features of public images (for PCA)
 * @param privateTrain features of private training images
 * @param test features of the test images
 * @param backboneAccuracy the backbone's accuracy on its last pre-training batches
 * @param pretrainSteps Adam steps of pre-training
 */
public record MnistFeatureSplits(
    LabelledFeatures publicSplit,
    LabelledFeatures privateTrain,
    LabelledFeatures test,
    double backboneAccuracy,
    int pretrainSteps) {

  /**
   * Builds the splits.
   *
   * @param cacheDir the data cache (MNIST is read, or fetched, by {@link Datasets#load})
   * @param privateCount private examples used (at most 30,000)
   * @param testCount test examples used (at most 10,000)
   * @param pretrainSteps backbone quality: Adam steps of batch 64 on the public half
   * @param featureDim backbone feature dimension p
   */
  public static MnistFeatureSplits build(
      Path cacheDir,
      int privateCount,
      int testCount,
      int pretrainSteps,
      int featureDim,
      Seeds seeds,
      Device device)
      throws IOException {
    ImageDataset train = Datasets.load(DatasetName.MNIST, Split.TRAIN, cacheDir);
    ImageDataset test = Datasets.load(DatasetName.MNIST, Split.TEST, cacheDir);
    int half = train.count() / 2;
    InvalidInputException.require(
        privateCount >= 1 && privateCount <= half,
        "private examples",
        "must be in [1, " + half + "]",
        privateCount);
    InvalidInputException.require(
        testCount >= 1 && testCount <= test.count(),
        "test examples",
        "must be in [1, " + test.count() + "]",
        testCount);
    int[] order = RandomArrays.permutation(seeds.child("split").random(), train.count());
    ImageDataset publicImages = select(train, java.util.Arrays.copyOfRange(order, 0, half));
    ImageDataset privateImages =
        select(train, java.util.Arrays.copyOfRange(order, half, half + privateCount));
    try (CnnBackbone backbone =
        CnnBackbone.train(
            publicImages, pretrainSteps, featureDim, seeds.child("backbone"), device)) {
      return new MnistFeatureSplits(
          backbone.extract(CnnBackbone.slice(publicImages, 0, Math.min(5000, half))),
          backbone.extract(privateImages),
          backbone.extract(CnnBackbone.slice(test, 0, testCount)),
          backbone.trainAccuracy(),
          pretrainSteps);
    }
  }

  /** The images with the given indices. */
  static ImageDataset select(ImageDataset d, int[] indices) {
    int size = d.rows() * d.cols();
    byte[] pixels = new byte[indices.length * size];
    int[] labels = new int[indices.length];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(d.pixels(), indices[r] * size, pixels, r * size, size);
      labels[r] = d.labels()[indices[r]];
    }
    return new ImageDataset(d.name(), indices.length, d.rows(), d.cols(), pixels, labels);
  }
}
