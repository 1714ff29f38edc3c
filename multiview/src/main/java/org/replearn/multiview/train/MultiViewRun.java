package org.replearn.multiview.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.TorchThreads;
import org.replearn.core.io.Json;
import org.replearn.multiview.loss.M3gLoss;
import org.replearn.multiview.loss.MultiViewLoss;
import org.replearn.multiview.loss.MultiViewLossKind;

/**
 * One complete multi-view run: load the data set, train an encoder with one loss, and evaluate it
 * next to the same architecture left at its random initialisation.
 */
public final class MultiViewRun {

  /**
   * Everything a run depends on.
   *
   * @param dataset the data set
   * @param loss the loss trained
   * @param trainObjects training objects used (at most the data set's size)
   * @param training trainer settings (views, batch, epochs, learning rate ...)
   * @param epsilon M3G epsilon
   * @param temperature InfoNCE temperature
   * @param evaluation evaluation settings
   */
  public record Spec(
      MultiViewDataset dataset,
      MultiViewLossKind loss,
      int trainObjects,
      MultiViewTrainer.Config training,
      double epsilon,
      double temperature,
      RepresentationEvaluator.Config evaluation) {
    public Spec {
      InvalidInputException.require(dataset != null, "dataset", "must be given", null);
      InvalidInputException.require(loss != null, "loss", "must be given", null);
      InvalidInputException.require(training != null, "training", "must be given", null);
      InvalidInputException.require(evaluation != null, "evaluation", "must be given", null);
      MultiViewLoss created = loss.create(epsilon, temperature);
      if (created instanceof M3gLoss m3g) {
        double entries = Math.pow(training.batch(), training.views());
        long budget = m3g.config().solver().maxEntries();
        InvalidInputException.require(
            entries <= budget,
            "batch ^ views",
            "must fit the M3G memory budget of "
                + budget
                + " tensor entries (use a batch of 16 for 5-6 views)",
            training.batch() + "^" + training.views());
      }
      InvalidInputException.require(
          trainObjects >= 2, "trainObjects", "must be >= 2", trainObjects);
    }

    /**
     * A builder: the data set must be set; the rest default to M3G, every object of the data set,
     * {@link MultiViewTrainer.Config#builder()}'s training settings, epsilon 0.05, temperature 0.1
     * and an evaluation on 10,000 training and 2,000 test objects (10 neighbours, 1,000 retrieval
     * objects, ridge 1e-3).
     */
    public static Builder builder() {
      return new Builder();
    }

    /** The spec as a flat map for manifests. */
    public Map<String, Object> asMap() {
      return Json.toMap(this);
    }
  }

  /** Builds a {@link Spec}; {@link #build()} validates, naming the setting at fault. */
  public static final class Builder {
    private MultiViewDataset dataset;
    private MultiViewLossKind loss = MultiViewLossKind.M3G;
    private int trainObjects = Integer.MAX_VALUE;
    private MultiViewTrainer.Config training = MultiViewTrainer.Config.builder().build();
    private double epsilon = 0.05;
    private double temperature = 0.1;
    private RepresentationEvaluator.Config evaluation =
        new RepresentationEvaluator.Config(10_000, 2_000, 10, 1_000, 1e-3);

    private Builder() {}

    /** The data set (required). */
    public Builder setDataset(MultiViewDataset v) {
      dataset = v;
      return this;
    }

    /** The loss trained (default M3G). */
    public Builder optLoss(MultiViewLossKind v) {
      loss = v;
      return this;
    }

    /** Training objects used, at most the data set's size (default: all). */
    public Builder optTrainObjects(int v) {
      trainObjects = v;
      return this;
    }

    /** Trainer settings (default {@link MultiViewTrainer.Config#builder()}'s). */
    public Builder optTraining(MultiViewTrainer.Config v) {
      training = v;
      return this;
    }

    /** M3G's epsilon (default 0.05). */
    public Builder optEpsilon(double v) {
      epsilon = v;
      return this;
    }

    /** InfoNCE's temperature (default 0.1). */
    public Builder optTemperature(double v) {
      temperature = v;
      return this;
    }

    /** Evaluation settings. */
    public Builder optEvaluation(RepresentationEvaluator.Config v) {
      evaluation = v;
      return this;
    }

    /** The validated spec. */
    public Spec build() {
      return new Spec(
          InvalidInputException.requireSet(dataset, "dataset"),
          loss,
          trainObjects,
          training,
          epsilon,
          temperature,
          evaluation);
    }
  }

  /**
   * Result.
   *
   * @param history training curve and monitor M3G
   * @param trained metrics of the trained encoder
   * @param randomInit metrics of the same architecture at its initialisation (null when not asked
   *     for)
   */
  public record Result(
      MultiViewTrainer.History history,
      RepresentationEvaluator.Metrics trained,
      RepresentationEvaluator.Metrics randomInit) {}

  /** Training and test sources of a data set. */
  public record Sources(ViewSource train, ViewSource test) {}

  private MultiViewRun() {}

  /**
   * Loads the sources: MNIST or Fashion-MNIST from the cache (fetched when missing), or a synthetic
   * set of 4000 + 1000 objects.
   */
  public static Sources sources(MultiViewDataset dataset, Path cacheDir, Seeds seeds)
      throws IOException {
    if (dataset == MultiViewDataset.SYNTHETIC) {
      return new Sources(
          new SyntheticViews(4000, seeds.child("data"), 0),
          new SyntheticViews(1000, seeds.child("data"), 1));
    }
    DatasetName name = dataset.images();
    return images(
        Datasets.load(name, Split.TRAIN, cacheDir), Datasets.load(name, Split.TEST, cacheDir));
  }

  /** The committed fixture (500 training and 200 test images) of MNIST or Fashion-MNIST. */
  public static Sources fixture(DatasetName name) {
    return images(Datasets.fixture(name, Split.TRAIN), Datasets.fixture(name, Split.TEST));
  }

  private static Sources images(ImageDataset train, ImageDataset test) {
    Augmentation aug = Augmentation.defaults();
    return new Sources(new ImageViews(train, aug), new ImageViews(test, aug));
  }

  /** Runs the spec on given sources, evaluating the random initialisation too. */
  public static Result run(Spec spec, Sources sources, Device device, Seeds seeds)
      throws IOException {
    return run(spec, sources, device, seeds, true, null);
  }

  /**
   * Runs the spec on given sources.
   *
   * @param evaluateRandomInit whether to evaluate the encoder before training (it depends only on
   *     the seed and the architecture, so a comparison of losses needs it once)
   * @param checkpointDir where training saves a checkpoint after every epoch and resumes from, or
   *     null
   */
  public static Result run(
      Spec spec,
      Sources sources,
      Device device,
      Seeds seeds,
      boolean evaluateRandomInit,
      Path checkpointDir)
      throws IOException {
    ViewSource train = limit(sources.train(), spec.trainObjects());
    MultiViewLoss loss = spec.loss().create(spec.epsilon(), spec.temperature());
    boolean images = train.inputShape().length == 3;
    try (TorchThreads threads = TorchThreads.use(1);
        NDManager manager = NDManager.newBaseManager(device)) {
      MultiViewModel model =
          new MultiViewModel(
              images ? Encoders.cnn(128) : Encoders.mlp(64, 64),
              Encoders.projector(images ? 128 : 64, images ? 64 : 32),
              manager,
              train.inputShape(),
              seeds.child("init"));
      Seeds evalSeeds = seeds.child("evaluation");
      RepresentationEvaluator.Metrics before =
          evaluateRandomInit
              ? RepresentationEvaluator.evaluate(
                  model, sources.train(), sources.test(), spec.evaluation(), evalSeeds)
              : null;
      MultiViewTrainer.History history =
          MultiViewTrainer.train(
              model, train, loss, spec.training(), seeds.child("training"), checkpointDir);
      RepresentationEvaluator.Metrics after =
          RepresentationEvaluator.evaluate(
              model, sources.train(), sources.test(), spec.evaluation(), evalSeeds);
      return new Result(history, after, before);
    }
  }

  /** The first {@code n} objects of a source. */
  static ViewSource limit(ViewSource source, int n) {
    if (n >= source.size()) {
      return source;
    }
    return new ViewSource() {
      @Override
      public int size() {
        return n;
      }

      @Override
      public int[] labels() {
        return java.util.Arrays.copyOf(source.labels(), n);
      }

      @Override
      public long[] inputShape() {
        return source.inputShape();
      }

      @Override
      public float[] views(int[] indices, int k, java.util.SplittableRandom rng) {
        return source.views(indices, k, rng);
      }

      @Override
      public float[] clean(int[] indices) {
        return source.clean(indices);
      }
    };
  }
}
