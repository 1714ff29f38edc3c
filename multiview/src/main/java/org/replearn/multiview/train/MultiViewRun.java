package org.replearn.multiview.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.TorchThreads;
import org.replearn.multiview.loss.M3gLoss;
import org.replearn.multiview.loss.MultiViewLoss;
import org.replearn.multiview.loss.MultiViewLosses;

/**
 * One complete multi-view run: load the data set, train an encoder with one loss, and evaluate it
 * next to the same architecture left at its random initialisation.
 */
public final class MultiViewRun {

  /**
   * Everything a run depends on.
   *
   * @param dataset mnist, fashion-mnist or synthetic
   * @param loss m3g, infonce-pwe or infonce-ave
   * @param trainObjects training objects used (at most the data set's size)
   * @param training trainer settings (views, batch, epochs, learning rate ...)
   * @param epsilon M3G epsilon
   * @param temperature InfoNCE temperature
   * @param evaluation evaluation settings
   */
  public record Spec(
      String dataset,
      String loss,
      int trainObjects,
      MultiViewTrainer.Config training,
      double epsilon,
      double temperature,
      RepresentationEvaluator.Config evaluation) {
    public Spec {
      InvalidInputException.require(
          dataset.equals("mnist") || dataset.equals("fashion-mnist") || dataset.equals("synthetic"),
          "--dataset",
          "must be mnist, fashion-mnist or synthetic",
          dataset);
      MultiViewLoss created = MultiViewLosses.create(loss, epsilon, temperature);
      if (created instanceof M3gLoss m3g) {
        double entries = Math.pow(training.batch(), training.views());
        long budget = m3g.config().solver().maxEntries();
        InvalidInputException.require(
            entries <= budget,
            "--batch",
            "^ --views must fit the M3G memory budget of "
                + budget
                + " tensor entries (use --batch 16 for 5-6 views)",
            training.batch() + "^" + training.views());
      }
      InvalidInputException.require(
          trainObjects >= 2, "trainObjects", "must be >= 2", trainObjects);
    }

    /** The spec as a flat map for manifests. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", dataset);
      m.put("loss", loss);
      m.put("trainObjects", trainObjects);
      m.put("training", training);
      m.put("epsilon", epsilon);
      m.put("temperature", temperature);
      m.put("evaluation", evaluation);
      return m;
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
  public static Sources sources(String dataset, Path cacheDir, Seeds seeds) throws IOException {
    if (dataset.equals("synthetic")) {
      return new Sources(
          new SyntheticViews(4000, seeds.child("data"), 0),
          new SyntheticViews(1000, seeds.child("data"), 1));
    }
    DatasetName name = DatasetName.parse(dataset);
    return images(
        Datasets.load(name, Split.TRAIN, cacheDir), Datasets.load(name, Split.TEST, cacheDir));
  }

  /** The committed fixture (500 training and 200 test images) of MNIST or Fashion-MNIST. */
  public static Sources fixture(String dataset) {
    DatasetName name = DatasetName.parse(dataset);
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
    MultiViewLoss loss = MultiViewLosses.create(spec.loss(), spec.epsilon(), spec.temperature());
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
