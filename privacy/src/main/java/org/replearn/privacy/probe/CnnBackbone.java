package org.replearn.privacy.probe;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.privacy.noisygd.LabelledFeatures;

/**
 * A small CNN trained on public images and then frozen as a feature extractor: conv 5x5 (8) - ReLU
 * - max-pool 2 - conv 5x5 (16) - ReLU - max-pool 2 - linear 256 -> {@code featureDim} - ReLU are
 * the features; a linear head to 10 classes is used only for pre-training (Adam, cross-entropy,
 * batches of 64). Trained for few steps it gives weak features, for more steps features closer to
 * collapse.
 */
public final class CnnBackbone implements AutoCloseable {
  private static final int BATCH = 64;

  /**
   * Names the architecture and training recipe in cache keys; change it whenever either changes.
   */
  public static final String ARCHITECTURE = "conv5-8/pool2/conv5-16/pool2/linear-relu;adam1e-3;b64";

  private final Model model;
  private final SequentialBlock features;
  private final NDManager manager;
  private final int featureDim;
  private double trainAccuracy;

  private CnnBackbone(Model model, SequentialBlock features, int featureDim) {
    this.model = model;
    this.features = features;
    this.manager = model.getNDManager();
    this.featureDim = featureDim;
  }

  /**
   * Pre-trains a backbone.
   *
   * @param publicImages public training images (never the private split)
   * @param steps Adam steps of batch 64
   * @param featureDim p, the feature dimension
   * @param seeds initialisation (engine seed) and batch order
   */
  public static CnnBackbone train(
      ImageDataset publicImages, int steps, int featureDim, Seeds seeds, Device device) {
    InvalidInputException.require(steps >= 1, "pre-training steps", "must be >= 1", steps);
    InvalidInputException.require(featureDim >= 2, "feature dimension", "must be >= 2", featureDim);
    Engine.getInstance().setRandomSeed((int) seeds.child("init").seed());
    CnnBackbone backbone = create(featureDim, device);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build())
            .optDevices(new Device[] {device});
    int n = publicImages.count();
    int rows = publicImages.rows();
    int cols = publicImages.cols();
    try (Trainer trainer = backbone.model.newTrainer(config);
        NDManager data = NDManager.newBaseManager(device);
        Progress progress = Progress.start("pre-train backbone", steps)) {
      trainer.initialize(new Shape(BATCH, 1, rows, cols));
      NDArray images = publicImages.images(data).reshape(n, 1, rows, cols);
      NDArray labels = publicImages.labelArray(data);
      java.util.SplittableRandom rng = seeds.child("batches").random();
      int[] order = RandomArrays.permutation(rng, n);
      int cursor = 0;
      long correct = 0;
      long seen = 0;
      for (int s = 0; s < steps; s++) {
        if (cursor + BATCH > n) {
          order = RandomArrays.permutation(rng, n);
          cursor = 0;
        }
        int[] idx = java.util.Arrays.copyOfRange(order, cursor, cursor + BATCH);
        cursor += BATCH;
        try (NDManager scope = data.newSubManager()) {
          NDArray index = scope.create(idx);
          NDArray x = images.get(new NDIndex("{}", index));
          NDArray y = labels.get(new NDIndex("{}", index));
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
            gc.backward(loss);
            if (s >= steps - 50) {
              correct += logits.argMax(1).toType(y.getDataType(), false).eq(y).sum().getLong();
              seen += BATCH;
            }
          }
          trainer.step();
        }
        progress.step(1);
      }
      backbone.trainAccuracy = correct / (double) Math.max(1, seen);
    }
    return backbone;
  }

  /** An untrained network with {@code featureDim} features (parameters not yet initialised). */
  private static CnnBackbone create(int featureDim, Device device) {
    SequentialBlock features =
        new SequentialBlock()
            .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(8).build())
            .add(Activation::relu)
            .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
            .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build())
            .add(Activation::relu)
            .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(featureDim).build())
            .add(Activation::relu);
    SequentialBlock full =
        new SequentialBlock().add(features).add(Linear.builder().setUnits(10).build());
    Model model = Model.newInstance("privacy-backbone", device);
    model.setBlock(full);
    return new CnnBackbone(model, features, featureDim);
  }

  /**
   * The trained parameters by name (views owned by the model) and the pre-training accuracy, for
   * {@link #restore}.
   */
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      out.put(p.getKey(), p.getValue().getArray());
    }
    return out;
  }

  /**
   * A backbone with the given parameters (as returned by {@link #parameters} of a backbone of the
   * same {@code featureDim}) for 28x28 images.
   *
   * @param trainAccuracy the accuracy reported by the backbone that was saved
   */
  public static CnnBackbone restore(
      Map<String, NDArray> parameters, int featureDim, double trainAccuracy, Device device) {
    CnnBackbone backbone = create(featureDim, device);
    Block block = backbone.model.getBlock();
    block.initialize(backbone.manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray saved = parameters.get(p.getKey());
      NDArray target = p.getValue().getArray();
      InvalidInputException.require(
          saved != null && saved.getShape().equals(target.getShape()),
          "backbone parameter " + p.getKey(),
          "must be stored with shape " + target.getShape(),
          saved == null ? "nothing" : saved.getShape());
      saved.copyTo(target);
    }
    backbone.trainAccuracy = trainAccuracy;
    return backbone;
  }

  /** Feature dimension p. */
  public int featureDim() {
    return featureDim;
  }

  /** Training accuracy over the last (up to) 50 pre-training batches. */
  public double trainAccuracy() {
    return trainAccuracy;
  }

  /** Frozen features of {@code images}, {@code [count, featureDim]}, computed in batches. */
  public LabelledFeatures extract(ImageDataset images) {
    int n = images.count();
    float[] out = new float[n * featureDim];
    int chunk = 1000;
    ParameterStore store = new ParameterStore(manager, false);
    for (int start = 0; start < n; start += chunk) {
      int m = Math.min(chunk, n - start);
      ImageDataset part = slice(images, start, m);
      try (NDManager scope = manager.newSubManager()) {
        NDArray x = part.images(scope).reshape(m, 1, images.rows(), images.cols());
        NDArray f = features.forward(store, new NDList(x), false).singletonOrThrow();
        float[] values = f.toFloatArray();
        System.arraycopy(values, 0, out, start * featureDim, values.length);
      }
    }
    return new LabelledFeatures(out, n, featureDim, images.labels().clone(), 10);
  }

  /** Images {@code [start, start + m)}. */
  static ImageDataset slice(ImageDataset d, int start, int m) {
    int size = d.rows() * d.cols();
    return new ImageDataset(
        d.name(),
        m,
        d.rows(),
        d.cols(),
        java.util.Arrays.copyOfRange(d.pixels(), start * size, (start + m) * size),
        java.util.Arrays.copyOfRange(d.labels(), start, start + m));
  }

  @Override
  public void close() {
    model.close();
  }
}
