package org.replearn.cli.encode;

import ai.djl.ndarray.NDManager;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.downstream.StoredZooView;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.SyntheticZoo;
import org.replearn.weightspace.zoo.LstmSpec;
import picocli.CommandLine.Option;

/** Which zoo an encoder command reads. */
public final class ZooOptions {

  @Option(
      names = "--zoo",
      paramLabel = "DIR",
      description = "A zoo folder from `replearn zoo generate` or `zoo import`.")
  java.nio.file.Path zoo;

  @Option(
      names = "--synthetic-zoo",
      paramLabel = "LEVELS:MODELS",
      description =
          "Generate a synthetic zoo of untrained formal-language-sized LSTMs: LEVELS^3"
              + " compositional tasks x MODELS models, 4 rollouts of 41 steps (from --seed).")
  String synthetic;

  /** Opens the selected zoo. */
  public ZooView open(Seeds seeds, NDManager manager) throws java.io.IOException {
    InvalidInputException.require(
        (zoo == null) != (synthetic == null),
        "--zoo / --synthetic-zoo",
        "exactly one must be given",
        zoo == null ? "neither" : "both");
    if (zoo != null) {
      return StoredZooView.open(zoo, manager);
    }
    String[] parts = synthetic.split(":");
    InvalidInputException.require(
        parts.length == 2, "--synthetic-zoo", "must be LEVELS:MODELS, e.g. 3:8", synthetic);
    int levels;
    int models;
    try {
      levels = Integer.parseInt(parts[0]);
      models = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw InvalidInputException.of(
          "--synthetic-zoo", "must be two integers LEVELS:MODELS", synthetic);
    }
    InvalidInputException.require(levels >= 2, "--synthetic-zoo levels", "must be >= 2", levels);
    InvalidInputException.require(models >= 1, "--synthetic-zoo models", "must be >= 1", models);
    SyntheticZoo zoo =
        SyntheticZoo.generate(
            LstmSpec.formalLanguages(), levels, models, 4, 41, seeds.child("zoo"), manager);
    return ZooView.synthetic(zoo, seeds.child("splits").random());
  }

  /** The zoo option as given, for manifests. */
  public String describe() {
    return zoo != null ? zoo.toString() : "synthetic:" + synthetic;
  }
}
