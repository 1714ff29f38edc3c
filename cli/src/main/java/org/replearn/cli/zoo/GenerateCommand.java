package org.replearn.cli.zoo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.io.RunManifest;
import org.replearn.core.run.RunLock;
import org.replearn.weightspace.zoo.FormalLanguage;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.LstmSpec;
import org.replearn.weightspace.zoo.TiledMnistZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTask;
import org.replearn.weightspace.zoo.ZooTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replearn zoo generate}: trains a zoo in model batches, resumable. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Train a zoo of 2-layer LSTMs with the official recipe (AdamW, batch 32, 20,001 updates,",
      "LR 0.01 -> 0.003 -> 0.0003, checkpoints after 0,100,200,500,1000,2000,5000,10000,20000),",
      "in batches of M models (one worker thread per batch). --resume continues a killed run."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Mixin WorkerOptions parallel;

  @Mixin CommonOptions common;

  @Option(
      names = "--task",
      description = "formal-languages or tiled-mnist (default: ${DEFAULT-VALUE}).",
      defaultValue = "formal-languages")
  String task;

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
  Path dataDir;

  @Option(
      names = "--resume",
      description =
          "Continue the zoo in --out from each batch's last checkpoint; options given must equal"
              + " the stored ones.")
  boolean resume;

  @Option(
      names = "--force",
      description = "Replace a previous run of this command in --out (its files are deleted).")
  boolean force;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws Exception {
    parallel.apply();
    Path out = common.outOr("zoo");
    // a new zoo's settings are checked before the folder is claimed (--force empties it)
    ZooTask newTask = null;
    ZooSpec newSpec = null;
    if (!resume) {
      InvalidInputException.require(models >= 1, "--models", "must be >= 1", models);
      InvalidInputException.require(steps >= 0, "--steps", "must be >= 0", steps);
      long[] cps =
          checkpoints != null ? checkpoints : TrainingRecipe.officialCheckpointsUpTo(steps);
      TrainingRecipe recipe =
          new TrainingRecipe(
              batchSize,
              cps,
              learningRates != null ? learningRates : TrainingRecipe.official().learningRates());
      requireWithinBudgets(out, cps.length);
      newTask = task(task);
      newSpec = ZooGenerator.newSpec(newTask, recipe, models, batchModels, common.seed);
    }
    try (RunLock lock = OutputFolder.claim(commandSpec, out, resume, force, false)) {
      ZooStore store = new ZooStore(out);
      if (resume) {
        ZooSpec spec = store.readSpec();
        return generate(out, store, spec, ZooTasks.fromSpec(spec, () -> ZooCli.mnist(dataDir)));
      }
      return generate(out, store, newSpec, newTask);
    }
  }

  private int generate(Path out, ZooStore store, ZooSpec spec, ZooTask zooTask) throws Exception {
    Instant start = Instant.now();
    ZooGenerator.Result result =
        ZooGenerator.generate(store, zooTask, spec, resume, (b, s) -> {}, parallel.workers);
    Duration took = Duration.between(start, Instant.now());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("spec", spec);
    config.put("resume", resume);
    RunManifest.write(out, "zoo generate", config, spec.seed(), common.device().toString(), took);
    long trainedSteps =
        (long) result.batchesTrained() * spec.batchModels() * spec.recipe().updates();
    Map<String, Object> printed = new LinkedHashMap<>();
    printed.put("out", out.toString());
    printed.put("family", spec.family());
    printed.put("models", spec.models());
    printed.put("checkpoints", spec.recipe().checkpoints().length);
    printed.put("rows", result.rows());
    printed.put("batchesTrained", result.batchesTrained());
    printed.put("batchesSkipped", result.batchesSkipped());
    printed.put("seconds", took.toMillis() / 1000.0);
    printed.put("modelStepsPerSecond", trainedSteps / Math.max(1e-9, took.toMillis() / 1000.0));
    Output.print(common.json, printed);
    return 0;
  }

  /**
   * Refuses, before anything is trained, settings whose memory or disk would exceed the budgets
   * ({@link Budget}). Estimates, from the official shapes (formal languages: 42 tokens, 41 outputs
   * of 6; tiled MNIST: 50 steps of 16 inputs, 10 outputs): memory, per model of each worker's
   * batch, the weights with gradient and AdamW moments (4 x P floats), the unrolled LSTM of one
   * update (batch size x steps x layers x 6 hidden-sized floats), the stored rollouts and
   * evaluation outputs (float), plus the index (about 200 bytes per row); disk, per model, one
   * shard row per checkpoint (weights, float16 outputs and inputs of the rollouts) and one resume
   * state (3 P).
   */
  private void requireWithinBudgets(Path out, int checkpointCount) throws java.io.IOException {
    InvalidInputException.require(batchModels >= 1, "--batch-models", "must be >= 1", batchModels);
    InvalidInputException.require(batchSize >= 1, "--batch-size", "must be >= 1", batchSize);
    InvalidInputException.require(rollouts >= 0, "--rollouts", "must be >= 0", rollouts);
    InvalidInputException.require(evalSamples >= 1, "--eval-samples", "must be >= 1", evalSamples);
    boolean mnist = ZooTasks.TILED_MNIST.equals(task);
    LstmSpec lstm = mnist ? LstmSpec.tiledMnist() : LstmSpec.formalLanguages();
    double p = lstm.parameterCount();
    double steps = mnist ? 50 : FormalLanguage.OFFICIAL_LENGTH - 1;
    double outputs = steps * lstm.outputSize();
    double inputBytes = mnist ? steps * lstm.inputSize() * 2 : steps + 1;
    double perModel =
        4 * 4 * p
            + 4.0 * batchSize * steps * lstm.layers() * 6 * lstm.hiddenSize()
            + 4 * outputs * ((double) rollouts + (mnist ? 0 : evalSamples));
    double models = Math.min(this.models, batchModels) * (double) Math.max(1, parallel.workers);
    double rows = (double) this.models * checkpointCount;
    double memory = models * perModel + 200 * rows;
    String counts =
        "--models "
            + this.models
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
        this.models * (checkpointCount * (4 * p + rollouts * (2 * outputs + inputBytes)) + 12 * p);
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
