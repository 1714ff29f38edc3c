package org.replearn.cli.zoo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.replearn.cli.Budget;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;
import org.replearn.weightspace.zoo.FormalLanguage;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.LstmSpec;
import org.replearn.weightspace.zoo.TiledMnistZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooTask;
import org.replearn.weightspace.zoo.ZooTasks;
import picocli.CommandLine.Option;

/**
 * The options of {@code replearn zoo generate} that define a zoo (task family and settings, models,
 * recipe, batches), shared with {@code replearn spark zoo}.
 */
public final class ZooGenerateOptions {

  @Option(
      names = "--task",
      description = "formal-languages or tiled-mnist (default: ${DEFAULT-VALUE}).",
      defaultValue = "formal-languages")
  public String task;

  @Option(
      names = "--models",
      description = "Number of models N (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int models;

  @Option(
      names = "--steps",
      description =
          "Last checkpoint step S; the official checkpoints below S are kept (default: ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  long steps;

  @Option(
      names = "--checkpoints",
      split = ",",
      description = "Checkpoint steps (overrides --steps), e.g. 0,100,1000.")
  long[] checkpoints;

  @Option(
      names = "--learning-rates",
      split = ",",
      description =
          "Three learning rates at the first, second-to-last and last checkpoint, linear between"
              + " (default: 0.01,0.003,0.0003, the official schedule).")
  double[] learningRates;

  @Option(
      names = "--batch-models",
      description = "Models per batch M, one checkpoint shard each (default: ${DEFAULT-VALUE}).",
      defaultValue = "64")
  int batchModels;

  @Option(
      names = "--batch-size",
      description = "Sequences per update and model (default: ${DEFAULT-VALUE}).",
      defaultValue = "32")
  int batchSize;

  @Option(
      names = "--weight-decay",
      description = "Formal languages: AdamW weight decay (default: ${DEFAULT-VALUE}).",
      defaultValue = "1e-4")
  double weightDecay;

  @Option(
      names = "--eval-samples",
      description =
          "Formal languages: strings sampled per checkpoint for the accuracy (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000")
  int evalSamples;

  @Option(
      names = "--rollouts",
      description = "Stored rollouts per checkpoint (default: ${DEFAULT-VALUE}).",
      defaultValue = "100")
  int rollouts;

  @Option(
      names = "--strict-order",
      description =
          "Formal languages: acceptance also checks letter order (official: counts only).")
  boolean strictOrder;

  @Option(
      names = "--eval-batches",
      description = "Tiled MNIST: evaluation batches of 1000 images (default: ${DEFAULT-VALUE}).",
      defaultValue = "13")
  int evalBatches;

  @Option(
      names = "--mnist-images",
      description = "Tiled MNIST: use only the first K training images (default: all 60,000).",
      defaultValue = "60000")
  int mnistImages;

  @Option(names = "--data-dir", description = "MNIST cache folder (default: the replearn cache).")
  public Path dataDir;

  @Option(
      names = "--resume",
      description =
          "Continue the zoo in --out from each batch's last checkpoint; options given must equal"
              + " the stored ones.")
  public boolean resume;

  /** The zoo's task, built from the options (tiled MNIST loads the training set). */
  public ZooTask task() throws Exception {
    return task(task);
  }

  /** The spec of a new zoo with {@code seed}, checking the options. */
  public ZooSpec spec(ZooTask zooTask, long seed) {
    requireCounts();
    TrainingRecipe recipe =
        new TrainingRecipe(
            batchSize,
            checkpointSteps(),
            learningRates != null ? learningRates : TrainingRecipe.official().learningRates());
    return ZooGenerator.newSpec(zooTask, recipe, models, batchModels, seed);
  }

  private long[] checkpointSteps() {
    return checkpoints != null ? checkpoints : TrainingRecipe.officialCheckpointsUpTo(steps);
  }

  private void requireCounts() {
    InvalidInputException.require(models >= 1, "--models", "must be >= 1", models);
    InvalidInputException.require(steps >= 0, "--steps", "must be >= 0", steps);
    InvalidInputException.require(batchModels >= 1, "--batch-models", "must be >= 1", batchModels);
    InvalidInputException.require(batchSize >= 1, "--batch-size", "must be >= 1", batchSize);
    InvalidInputException.require(rollouts >= 0, "--rollouts", "must be >= 0", rollouts);
    InvalidInputException.require(evalSamples >= 1, "--eval-samples", "must be >= 1", evalSamples);
  }

  /**
   * Refuses, before anything is trained, settings whose memory or disk would exceed the budgets
   * ({@link Budget}) when {@code workers} batches train side by side on this machine and write to
   * {@code out}. Estimates, from the official shapes (formal languages: 42 tokens, 41 outputs of 6;
   * tiled MNIST: 50 steps of 16 inputs, 10 outputs): memory, per model of each worker's batch, the
   * weights with gradient and AdamW moments (4 x P floats), the unrolled LSTM of one update (batch
   * size x steps x layers x 6 hidden-sized floats), the stored rollouts and evaluation outputs
   * (float), plus the index (about 200 bytes per row); disk, per model, one shard row per
   * checkpoint (weights, float16 outputs and inputs of the rollouts) and one resume state (3 P).
   */
  public void requireWithinBudgets(Path out, int workers) throws IOException {
    requireCounts();
    int checkpointCount = checkpointSteps().length;
    boolean mnist = ZooTasks.TILED_MNIST.equals(task);
    LstmSpec lstm = mnist ? LstmSpec.tiledMnist() : LstmSpec.formalLanguages();
    double p = lstm.parameterCount();
    double seqSteps = mnist ? 50 : FormalLanguage.OFFICIAL_LENGTH - 1;
    double outputs = seqSteps * lstm.outputSize();
    double inputBytes = mnist ? seqSteps * lstm.inputSize() * 2 : seqSteps + 1;
    double perModel =
        4 * 4 * p
            + 4.0 * batchSize * seqSteps * lstm.layers() * 6 * lstm.hiddenSize()
            + 4 * outputs * ((double) rollouts + (mnist ? 0 : evalSamples));
    double training = Math.min(models, batchModels) * (double) Math.max(1, workers);
    double rows = (double) models * checkpointCount;
    double memory = training * perModel + 200 * rows;
    String counts =
        "--models "
            + models
            + ", --batch-models "
            + batchModels
            + ", --batch-size "
            + batchSize
            + ", --rollouts "
            + rollouts;
    Budget.memory(
        "--batch-models / --batch-size / --rollouts / --models",
        counts,
        "model batches in training and the index",
        memory);
    double disk =
        models * (checkpointCount * (4 * p + rollouts * (2 * outputs + inputBytes)) + 12 * p);
    Budget.disk("--models / --rollouts", counts, "shards and resume states", disk, out);
  }

  private ZooTask task(String family) throws Exception {
    switch (family) {
      case ZooTasks.FORMAL_LANGUAGES:
        return new FormalLanguageZoo(
            FormalLanguage.OFFICIAL_LENGTH,
            FormalLanguage.OFFICIAL_MAX_N,
            weightDecay,
            evalSamples,
            rollouts,
            strictOrder);
      case ZooTasks.TILED_MNIST:
        ImageDataset images = ZooCli.mnist(dataDir);
        InvalidInputException.require(
            mnistImages >= 10 && mnistImages <= images.count(),
            "--mnist-images",
            "must be in [10, " + images.count() + "]",
            mnistImages);
        return new TiledMnistZoo(images.head(mnistImages), evalBatches, 1000, rollouts);
      default:
        throw InvalidInputException.of(
            "--task",
            "must be one of " + Arrays.asList(ZooTasks.FORMAL_LANGUAGES, ZooTasks.TILED_MNIST),
            family);
    }
  }
}
