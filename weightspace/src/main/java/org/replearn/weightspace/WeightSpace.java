package org.replearn.weightspace;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.downstream.FrozenEmbeddings;
import org.replearn.weightspace.downstream.StoredZooView;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTask;

/**
 * The entry point of the weight-space system for Java callers: generate a zoo of RNNs, read it
 * back, train a weight encoder on it by emulation, and embed a zoo with the trained encoder. Each
 * method does what one {@code replearn zoo generate}, {@code encode train} or {@code encode embed}
 * command does, without the command line; the run folders are the same, so either side can continue
 * or read the other's work.
 */
public final class WeightSpace {
  /** Zoo batches trained at once by {@link #generateZoo} (the CLI's {@code --batch-models}). */
  public static final int BATCH_MODELS = 64;

  /** Rows per encoder call in {@link #embed}. */
  private static final int EMBED_BATCH = 64;

  private WeightSpace() {}

  /**
   * A zoo read from its folder.
   *
   * @param dir the zoo folder
   * @param spec the versioned spec (task family, architecture, recipe, seed)
   * @param rows one row per checkpoint: model, task, step, metrics, shard and row
   */
  public record Zoo(Path dir, ZooSpec spec, List<ZooIndex.Row> rows) {}

  /**
   * Embeddings of every row of a zoo.
   *
   * @param vectors {@code [rows][16]} unit-norm embeddings, in the zoo's row order
   * @param taskOfRow the task identifier of each row
   */
  public record Embeddings(float[][] vectors, int[] taskOfRow) {}

  /**
   * Trains a new zoo into {@code dir} (which must not hold one): {@code models} models of {@code
   * task} with {@code recipe}, checkpoints written after each recipe step, every random draw from
   * {@code seed}.
   *
   * @return what was trained
   */
  public static ZooGenerator.Result generateZoo(
      Path dir, ZooTask task, TrainingRecipe recipe, int models, long seed) throws IOException {
    InvalidInputException.require(models >= 1, "models", "must be >= 1", models);
    ZooSpec spec = ZooGenerator.newSpec(task, recipe, models, BATCH_MODELS, seed);
    return ZooGenerator.generate(new ZooStore(dir), task, spec, false, (batch, step) -> {});
  }

  /** Reads the spec and index of the zoo in {@code dir}. */
  public static Zoo readZoo(Path dir) throws IOException {
    ZooStore store = new ZooStore(dir);
    return new Zoo(dir, store.readSpec(), store.readIndex().rows());
  }

  /**
   * Trains a weight encoder of kind {@code encoder} on the zoo in {@code zooDir} by emulation (the
   * encoder's embedding drives an emulator that must reproduce each checkpoint's stored outputs),
   * writing the run (settings, best and last parameters) to {@code runDir}.
   *
   * @param seed initialisation and batch order
   * @return the training curve and the best validation loss
   */
  public static EmulationResult trainEncoder(
      Path zooDir, EncoderKind encoder, EmulationConfig config, long seed, Path runDir)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(zooDir, manager);
      EmulationRun run = new EmulationRun(encoder, view.data().layout(), config, seed);
      return new EmulationTrainer(run, view.data(), view.splits(), runDir).train(manager, false);
    }
  }

  /**
   * Embeds every row of the zoo in {@code zooDir} with the best encoder of the run in {@code
   * runDir} (from {@link #trainEncoder} or {@code replearn encode train}).
   */
  public static Embeddings embed(Path runDir, Path zooDir) throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        WeightEncoder encoder = EmulationRun.loadBestEncoder(runDir, manager)) {
      ZooView view = StoredZooView.open(zooDir, manager);
      return new Embeddings(
          FrozenEmbeddings.compute(encoder, view.data(), EMBED_BATCH, manager), view.taskOfRow());
    }
  }
}
