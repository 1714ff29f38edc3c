package org.replearn.cli.zoo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.ForceOption;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.io.RunManifest;
import org.replearn.core.run.RunLock;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTask;
import org.replearn.weightspace.zoo.ZooTasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin ZooGenerateOptions zoo;

  @Mixin ForceOption force;

  @Spec CommandSpec commandSpec;

  /** The run configuration in the manifest. */
  record Config(ZooSpec spec, boolean resume) {}

  /** What {@code zoo generate} prints, in this order. */
  record Generated(
      String out,
      String family,
      int models,
      int checkpoints,
      int rows,
      int batchesTrained,
      int batchesSkipped,
      double seconds,
      double modelStepsPerSecond) {}

  @Override
  public Integer call() throws Exception {
    parallel.apply();
    Path out = common.outOr("zoo");
    // a new zoo's settings are checked before the folder is claimed (--force empties it)
    ZooTask newTask = null;
    ZooSpec newSpec = null;
    if (!zoo.resume) {
      zoo.requireWithinBudgets(out, parallel.workers);
      newTask = zoo.task();
      newSpec = zoo.spec(newTask, common.seed);
    }
    try (RunLock lock = OutputFolder.claim(commandSpec, out, zoo.resume, force.given, false)) {
      ZooStore store = new ZooStore(out);
      if (zoo.resume) {
        ZooSpec spec = store.readSpec();
        return generate(out, store, spec, ZooTasks.fromSpec(spec, () -> ZooCli.mnist(zoo.dataDir)));
      }
      return generate(out, store, newSpec, newTask);
    }
  }

  private int generate(Path out, ZooStore store, ZooSpec spec, ZooTask zooTask) throws Exception {
    Instant start = Instant.now();
    ZooGenerator.Result result =
        ZooGenerator.generate(store, zooTask, spec, zoo.resume, (b, s) -> {}, parallel.workers);
    Duration took = Duration.between(start, Instant.now());
    Config config = new Config(spec, zoo.resume);
    RunManifest.write(
        out, "zoo generate", Output.fields(config), spec.seed(), common.device().toString(), took);
    long trainedSteps =
        (long) result.batchesTrained() * spec.batchModels() * spec.recipe().updates();
    Generated printed =
        new Generated(
            out.toString(),
            spec.family(),
            spec.models(),
            spec.recipe().checkpoints().length,
            result.rows(),
            result.batchesTrained(),
            result.batchesSkipped(),
            took.toMillis() / 1000.0,
            trainedSteps / Math.max(1e-9, took.toMillis() / 1000.0));
    common.print(printed);
    return 0;
  }
}
