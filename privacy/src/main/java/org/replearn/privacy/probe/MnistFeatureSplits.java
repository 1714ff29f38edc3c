package org.replearn.privacy.probe;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frozen CNN features for a private MNIST probe. The training images are split by a seeded
 * permutation into a public half (pre-trains the backbone and fits any PCA) and a private half
 * (trains the private probe); the test images measure accuracy.
 *
 * <p>Backbones and features are kept in a {@link FeatureCache}: a second build with the same data,
 * settings, seed and device reads the features (or, for other split sizes, the backbone) instead of
 * training again, and a build killed after pre-training resumes from the saved backbone. A corrupt
 * cache file is reported in the log and rebuilt.
 *
 * @param publicSplit features of public images (for PCA), at most 5,000
 * @param privateTrain features of private training images
 * @param test features of the test images
 * @param backboneAccuracy the backbone's accuracy on its last pre-training batches
 * @param pretrainSteps Adam steps of pre-training
 * @param source where the features came from
 */
public record MnistFeatureSplits(
    LabelledFeatures publicSplit,
    LabelledFeatures privateTrain,
    LabelledFeatures test,
    double backboneAccuracy,
    int pretrainSteps,
    Source source) {
  private static final Logger LOG = LoggerFactory.getLogger(MnistFeatureSplits.class);
  private static final int MAX_PUBLIC_FEATURES = 5000;
  private static final int CACHE_FORMAT = 1;

  /** Where a build found its features. */
  public enum Source {
    /** Read from the feature cache. */
    CACHED_FEATURES,
    /** Extracted with a backbone read from the cache. */
    CACHED_BACKBONE,
    /** Extracted with a backbone trained in this build. */
    TRAINED
  }

  /**
   * Builds the splits from MNIST in {@code dataDir}, caching in {@code dataDir/privacy-features}.
   *
   * @param dataDir the data cache (MNIST is read, or fetched, by {@link Datasets#load})
   * @param privateCount private examples used (at most 30,000)
   * @param testCount test examples used (at most 10,000)
   * @param pretrainSteps backbone quality: Adam steps of batch 64 on the public half
   * @param featureDim backbone feature dimension p
   */
  public static MnistFeatureSplits build(
      Path dataDir,
      int privateCount,
      int testCount,
      int pretrainSteps,
      int featureDim,
      Seeds seeds,
      Device device)
      throws IOException {
    return build(
        Datasets.load(DatasetName.MNIST, Split.TRAIN, dataDir),
        Datasets.load(DatasetName.MNIST, Split.TEST, dataDir),
        privateCount,
        testCount,
        pretrainSteps,
        featureDim,
        seeds,
        device,
        FeatureCache.in(dataDir.resolve("privacy-features")));
  }

  /**
   * Builds the splits from the given images (e.g. the committed fixtures).
   *
   * @param train images to split into public and private halves
   * @param test test images, the first {@code testCount} used
   */
  public static MnistFeatureSplits build(
      ImageDataset train,
      ImageDataset test,
      int privateCount,
      int testCount,
      int pretrainSteps,
      int featureDim,
      Seeds seeds,
      Device device,
      FeatureCache cache)
      throws IOException {
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
    InvalidInputException.require(
        pretrainSteps >= 1, "pre-training steps", "must be >= 1", pretrainSteps);
    int[] order = RandomArrays.permutation(seeds.child("split").random(), train.count());
    ImageDataset publicImages = select(train, Arrays.copyOfRange(order, 0, half));
    ImageDataset privateImages =
        select(train, Arrays.copyOfRange(order, half, half + privateCount));
    ImageDataset testImages = CnnBackbone.slice(test, 0, testCount);
    ImageDataset publicSample =
        CnnBackbone.slice(publicImages, 0, Math.min(MAX_PUBLIC_FEATURES, half));

    Map<String, Object> backboneKey = new LinkedHashMap<>();
    backboneKey.put("format", CACHE_FORMAT);
    backboneKey.put("architecture", CnnBackbone.ARCHITECTURE);
    backboneKey.put("publicData", FeatureCache.checksum(publicImages));
    backboneKey.put("pretrainSteps", pretrainSteps);
    backboneKey.put("featureDim", featureDim);
    backboneKey.put("seed", seeds.child("backbone").seed());
    backboneKey.put("device", device.getDeviceType());
    Map<String, Object> featureKey = new LinkedHashMap<>(backboneKey);
    featureKey.put("publicSample", FeatureCache.checksum(publicSample));
    featureKey.put("privateData", FeatureCache.checksum(privateImages));
    featureKey.put("testData", FeatureCache.checksum(testImages));

    try (NDManager manager = NDManager.newBaseManager(device)) {
      Optional<FeatureCache.Entry> cached = readOrForget(cache, "features", featureKey, manager);
      if (cached.isPresent()) {
        return fromTensors(cached.get(), pretrainSteps);
      }
      CnnBackbone saved = readBackbone(cache, backboneKey, manager, featureDim, device);
      Source source = saved != null ? Source.CACHED_BACKBONE : Source.TRAINED;
      try (CnnBackbone backbone =
          saved != null
              ? saved
              : trainAndSave(
                  publicImages, pretrainSteps, featureDim, seeds, device, cache, backboneKey)) {
        MnistFeatureSplits splits =
            new MnistFeatureSplits(
                backbone.extract(publicSample),
                backbone.extract(privateImages),
                backbone.extract(testImages),
                backbone.trainAccuracy(),
                pretrainSteps,
                source);
        cache.write(
            "features",
            featureKey,
            splits.toTensors(manager),
            Map.of("backboneAccuracy", Double.toString(splits.backboneAccuracy)));
        return splits;
      }
    }
  }

  private static CnnBackbone trainAndSave(
      ImageDataset publicImages,
      int pretrainSteps,
      int featureDim,
      Seeds seeds,
      Device device,
      FeatureCache cache,
      Map<String, Object> key)
      throws IOException {
    CnnBackbone backbone =
        CnnBackbone.train(publicImages, pretrainSteps, featureDim, seeds.child("backbone"), device);
    cache.write(
        "backbone",
        key,
        backbone.parameters(),
        Map.of("trainAccuracy", Double.toString(backbone.trainAccuracy())));
    return backbone;
  }

  private static CnnBackbone readBackbone(
      FeatureCache cache, Map<String, Object> key, NDManager manager, int featureDim, Device device)
      throws IOException {
    Optional<FeatureCache.Entry> entry = readOrForget(cache, "backbone", key, manager);
    if (entry.isEmpty()) {
      return null;
    }
    return CnnBackbone.restore(
        entry.get().tensors(),
        featureDim,
        Double.parseDouble(entry.get().metadata().get("trainAccuracy")),
        device);
  }

  /** A cache entry, or empty (with a warning naming the file) if it is missing or corrupt. */
  private static Optional<FeatureCache.Entry> readOrForget(
      FeatureCache cache, String kind, Map<String, Object> key, NDManager manager)
      throws IOException {
    try {
      return cache.read(kind, key, manager);
    } catch (CorruptFileException e) {
      LOG.warn("rebuilding a corrupt cache entry: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private static final String[] PARTS = {"public", "private", "test"};

  private Map<String, NDArray> toTensors(NDManager manager) {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    LabelledFeatures[] parts = {publicSplit, privateTrain, test};
    for (int k = 0; k < parts.length; k++) {
      LabelledFeatures f = parts[k];
      tensors.put(PARTS[k] + ".x", manager.create(f.x(), new Shape(f.n(), f.p())));
      tensors.put(PARTS[k] + ".y", manager.create(f.labels()));
    }
    return tensors;
  }

  private static MnistFeatureSplits fromTensors(FeatureCache.Entry entry, int pretrainSteps) {
    LabelledFeatures[] parts = new LabelledFeatures[PARTS.length];
    for (int k = 0; k < PARTS.length; k++) {
      NDArray x = entry.tensors().get(PARTS[k] + ".x");
      NDArray y = entry.tensors().get(PARTS[k] + ".y");
      parts[k] =
          new LabelledFeatures(
              x.toFloatArray(),
              (int) x.getShape().get(0),
              (int) x.getShape().get(1),
              y.toIntArray(),
              10);
    }
    return new MnistFeatureSplits(
        parts[0],
        parts[1],
        parts[2],
        Double.parseDouble(entry.metadata().get("backboneAccuracy")),
        pretrainSteps,
        Source.CACHED_FEATURES);
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
