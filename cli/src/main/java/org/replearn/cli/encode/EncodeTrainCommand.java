package org.replearn.cli.encode;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.ForceOption;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.run.RunLock;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replearn encode train}: emulation-based self-supervised training of one encoder. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train an encoder with an emulator on the zoo's stored output distributions (official"
            + " recipe by default); keeps the best-validation parameters in OUT/best.safetensors.")
public final class EncodeTrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin BatchOptions batches;
  @Mixin ZooOptions zoo;

  @Option(
      names = "--encoder",
      required = true,
      description = "stats, flat, transformer, dws, noninteractive or interactive.")
  String encoder;

  @Option(
      names = "--steps",
      defaultValue = "100000",
      description = "Training steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--eval-every",
      defaultValue = "1000",
      description = "Steps between evaluations and checkpoints (default: ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(
      names = "--eval-rows",
      defaultValue = "0",
      description = "Rows evaluated per split, 0 for all (default: ${DEFAULT-VALUE}).")
  int evalRows;

  @Option(
      names = "--lr",
      defaultValue = "1e-4",
      description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.01",
      description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--clip",
      defaultValue = "0.1",
      description = "Gradient-norm clip per module (default: ${DEFAULT-VALUE}).")
  double clip;

  @Option(
      names = "--loss",
      defaultValue = "tv",
      description = "tv (official) or reverse-kl (paper) (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--emulator-hidden",
      defaultValue = "256",
      description = "Emulator LSTM width (official: ${DEFAULT-VALUE}).")
  int emulatorHidden;

  @Option(
      names = "--resume",
      description = "Continue from OUT's checkpoint; every setting must equal the stored one.")
  boolean resume;

  @Mixin ForceOption force;

  @Spec CommandSpec commandSpec;

  /**
   * What {@code encode train} prints: the encoder, its parameter count and the zoo, the run's
   * {@link EmulationResult} without its evaluation history, and the output folder.
   */
  record Trained(
      String encoder,
      long encoderParameters,
      String zoo,
      @JsonUnwrapped @JsonIgnoreProperties("history") EmulationResult run,
      String out) {}

  /** The run configuration in the manifest. */
  record Config(String zoo, String encoder, EmulationConfig emulation, boolean resume) {}

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    EncoderKind kind = EncoderKind.parse(encoder);
    EmulationConfig config =
        EmulationConfig.builder()
            .optSteps(steps)
            .optBatchSize(batches.batch)
            .optLearningRate(learningRate)
            .optWeightDecay(weightDecay)
            .optClipNorm(clip)
            .optEvalEvery(evalEvery)
            .optEvalRows(evalRows)
            .optLoss(EmulationLoss.parse(loss))
            .optEmulatorHidden(emulatorHidden)
            .optMicroBatch(batches.microBatch)
            .build();
    requireWithinMemory();
    Path out = common.outOr("encode-" + kind.cliName());
    try (RunLock lock = OutputFolder.claim(commandSpec, out, resume, force.given, true)) {
      return train(start, kind, config, out);
    }
  }

  /**
   * Refuses an emulator or batch whose memory would exceed the heap budget, before anything is
   * allocated: the emulator's 2-layer LSTM of width H (4 H (2 H + 8) + 8 H weights, as value,
   * gradient and two AdamW moments in float) and one step's activations (batch x 42 tokens x 2
   * layers x 10 H floats, for the backward pass).
   */
  private void requireWithinMemory() {
    double h = emulatorHidden;
    double weights = 4 * h * (2 * h + 8) + 8 * h;
    Budget.memory(
        "--emulator-hidden",
        emulatorHidden,
        "emulator weights with gradient and optimiser state",
        16 * weights);
    Budget.memory(
        "--batch / --emulator-hidden",
        batches.batch + " / " + emulatorHidden,
        "activations of one step",
        4.0 * batches.batch * 42 * 2 * 10 * h);
  }

  private int train(long start, EncoderKind kind, EmulationConfig config, Path out)
      throws Exception {
    Trained result;
    try (NDManager manager = NDManager.newBaseManager(common.device())) {
      ZooView view = zoo.open(common.seeds(), manager);
      EmulationRun run = new EmulationRun(kind, view.data().layout(), config, common.seed);
      EmulationResult r =
          new EmulationTrainer(run, view.data(), view.splits(), out).train(manager, resume);
      long parameters;
      try (WeightEncoder e = run.newEncoder(manager)) {
        parameters = e.parameters().count();
      }
      result = new Trained(kind.cliName(), parameters, view.description(), r, out.toString());
    }
    Config manifestConfig = new Config(zoo.describe(), kind.cliName(), config, resume);
    common.writeManifestAndPrint(out, "encode train", Output.fields(manifestConfig), start, result);
    return 0;
  }
}
