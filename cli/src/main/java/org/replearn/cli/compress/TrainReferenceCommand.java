package org.replearn.cli.compress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.run.RunLock;
import org.replearn.riem.model.ReferenceArch;
import org.replearn.riem.model.ReferenceTrainer;
import org.replearn.riem.model.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replearn compress train-reference}: trains a reference model to compress. */
@Command(
    name = "train-reference",
    mixinStandardHelpOptions = true,
    description = {
      "Train a reference model (mlp: 784-256-10, cnn: LeNet-5 style, resnet: ResNet-8 with",
      "16/32/64 channels and batch norm, vit: 4-layer vision transformer on 7x7 patches) with",
      "Adam and save it as <out>/<arch>-<dataset>.safetensors (PyTorch state-dict names; batch",
      "norm running statistics included)."
    })
public final class TrainReferenceCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec CommandSpec commandSpec;
  @Mixin DatasetOptions data;

  @Option(names = "--arch", required = true, description = "mlp, cnn, resnet or vit.")
  String arch;

  @Option(
      names = "--epochs",
      description = "Epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int epochs;

  @Option(
      names = "--batch-size",
      description = "Batch size (default: ${DEFAULT-VALUE}).",
      defaultValue = "128")
  int batchSize;

  @Option(
      names = "--lr",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).",
      defaultValue = "1e-3")
  double learningRate;

  /** What {@code compress train-reference} prints, in this order. */
  record Trained(
      String arch,
      String dataset,
      String model,
      long parameters,
      int testImages,
      double testAccuracy,
      double seconds) {}

  /** The run configuration in the manifest. */
  record Config(String arch, String dataset, ReferenceTrainer.Settings training) {}

  /** Most parameter-image passes one training may take. */
  static final double MAX_WORK = 1e14;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    ReferenceArch architecture = ReferenceArch.parse(arch);
    ReferenceTrainer.Settings settings =
        new ReferenceTrainer.Settings(epochs, batchSize, learningRate);
    ImageDataset train = data.load(Split.TRAIN);
    ImageDataset test = data.load(Split.TEST);
    // epochs x images x parameters: forward and backward touch every parameter once per image
    Budget.work(
        "--epochs",
        epochs
            + " with "
            + train.count()
            + " images and "
            + architecture.parameterCount()
            + " parameters",
        "parameter-image passes",
        (double) epochs * train.count() * architecture.parameterCount(),
        MAX_WORK,
        "epochs x images x parameters; hours on 2 CPU cores, far beyond the default reference runs");
    Map<String, Tensor> state =
        ReferenceTrainer.train(architecture, train, settings, common.seeds(), common.device());
    double accuracy = ReferenceTrainer.accuracy(architecture, state, test, common.device());
    Path out = common.outOr("train-reference");
    try (RunLock lock = OutputFolder.claimOneShot(commandSpec, out)) {
      Files.createDirectories(out);
      Path model = out.resolve(architecture.id() + "-" + data.dataset + ".safetensors");
      Tensor.writeAll(model, state);
      double seconds = (System.nanoTime() - start) / 1e9;
      Trained result =
          new Trained(
              architecture.id(),
              train.name(),
              model.toString(),
              architecture.parameterCount(),
              test.count(),
              accuracy,
              seconds);
      Config config = new Config(architecture.id(), train.name(), settings);
      common.writeManifestAndPrint(
          out, "compress train-reference", Output.fields(config), start, result);
      return 0;
    }
  }
}
