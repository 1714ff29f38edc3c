package org.replearn.cli.privacy;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.replearn.cli.Budget;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.DataDirOption;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.core.io.FileChecks;
import org.replearn.core.io.Json;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;
import org.replearn.core.run.RunLock;
import org.replearn.privacy.collapse.EtfFeatures;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.replearn.privacy.noisygd.LinearClassifier;
import org.replearn.privacy.noisygd.Loss;
import org.replearn.privacy.probe.MnistFeatureSplits;
import org.replearn.privacy.probe.PrivateProbe;
import org.replearn.privacy.probe.ProbeAccountant;
import org.replearn.privacy.probe.ProbeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replearn privacy probe}: a private linear probe on synthetic ETF features or on frozen CNN
 * features of MNIST; prints accuracy, epsilon spent and collapse metrics, and writes them, the
 * trained W ({@code weights.npy}, float32 [K, p]) and a manifest to {@code --out}.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Train a private linear probe with NoisyGD on synthetic or MNIST CNN features.")
public final class ProbeCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Spec CommandSpec commandSpec;

  @Option(
      names = "--features",
      required = true,
      description = "synthetic (simplex-ETF features) or mnist (frozen CNN features).")
  String features;

  @Option(names = "--epsilon", required = true, description = "Target epsilon, > 0.")
  double epsilon;

  @Option(names = "--delta", required = true, description = "Target delta, in (0, 1).")
  double delta;

  @Option(names = "--normalize", description = "Normalise every feature vector to unit norm.")
  boolean normalize;

  @Option(
      names = "--pca",
      defaultValue = "0",
      description = "Project onto D principal directions fitted on the public split (0: none).")
  int pca;

  @Option(names = "--steps", defaultValue = "1", description = "NoisyGD steps T (default: 1).")
  int steps;

  @Option(
      names = "--learning-rate",
      description = "eta on the noisy gradient sum (default: 1/n, i.e. step 1 on the mean).")
  Double learningRate;

  @Option(names = "--clip-norm", defaultValue = "1", description = "Clipping norm G (default: 1).")
  double clipNorm;

  @Option(
      names = "--sampling-rate",
      defaultValue = "1",
      description = "Poisson sampling rate q (1: full-batch NoisyGD; default: 1).")
  double samplingRate;

  @Option(
      names = "--accountant",
      description = "gdp or rdp (default: gdp when q = 1, rdp otherwise).")
  String accountant;

  @Mixin NeighbouringOption neighbouring;

  @Option(
      names = "--loss",
      defaultValue = "cross-entropy",
      description = "cross-entropy or squared.")
  String loss;

  @Option(names = "--dimension", defaultValue = "256", description = "synthetic: p.")
  int dimension;

  @Option(names = "--classes", defaultValue = "10", description = "synthetic: K.")
  int classes;

  @Option(names = "--per-class", defaultValue = "100", description = "synthetic: n_k.")
  int perClass;

  @Option(names = "--beta", defaultValue = "0", description = "synthetic: Gaussian perturbation.")
  double beta;

  @Option(names = "--offset", defaultValue = "0", description = "synthetic: class offset norm.")
  double offset;

  @Option(
      names = "--pretrain-steps",
      defaultValue = "600",
      description = "mnist: backbone pre-training steps (batch 64) on the public half.")
  int pretrainSteps;

  @Option(names = "--private-count", defaultValue = "30000", description = "mnist: private n.")
  int privateCount;

  @Option(
      names = "--init",
      description =
          "Start from W_0 in this .npy file (float32 [K, p], p after --pca; default: W_0 = 0).")
  Path init;

  @Mixin DataDirOption dataDir;

  /**
   * What {@code privacy probe} prints and writes to result.json, in this order; the backbone's
   * accuracy and the feature source only for MNIST features.
   */
  record Probe(
      @JsonInclude(JsonInclude.Include.NON_NULL) Double backboneTrainAccuracy,
      @JsonInclude(JsonInclude.Include.NON_NULL) String featureSource,
      String features,
      double accuracy,
      double epsilon,
      double delta,
      double sigma,
      int steps,
      int n,
      int p,
      boolean normalize,
      int pca,
      String accountant,
      double nc1,
      double etfError,
      double cdnv,
      double meanDistanceToClassMean) {}

  /** The synthetic features' settings in the manifest. */
  record SyntheticConfig(int p, int classes, int perClass, double beta, double offset) {}

  /** The MNIST features' settings in the manifest. */
  record MnistConfig(int pretrainSteps, int privateCount) {}

  /** The run configuration in the manifest: one of {@code synthetic} and {@code mnist}. */
  record Config(
      String features,
      ProbeConfig probe,
      @JsonInclude(JsonInclude.Include.NON_NULL) String init,
      @JsonInclude(JsonInclude.Include.NON_NULL) SyntheticConfig synthetic,
      @JsonInclude(JsonInclude.Include.NON_NULL) MnistConfig mnist) {}

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    InvalidInputException.require(epsilon > 0, "--epsilon", "must be > 0", epsilon);
    AccountingOptions.requireDeltaAndSamplingRate(delta, samplingRate);
    requireWithinBudgets();
    Seeds seeds = common.seeds();
    LabelledFeatures train;
    LabelledFeatures test;
    LabelledFeatures pub;
    Double backboneTrainAccuracy = null;
    String featureSource = null;
    switch (features) {
      case "synthetic" -> {
        InvalidInputException.require(perClass >= 1, "--per-class", "must be >= 1", perClass);
        EtfFeatures etf = EtfFeatures.create(classes, dimension, offset, seeds.child("etf"));
        train = etf.sample(EtfFeatures.balanced(classes, perClass), beta, seeds.child("train"));
        test = etf.sample(EtfFeatures.balanced(classes, 200), beta, seeds.child("test"));
        pub = etf.sample(EtfFeatures.balanced(classes, 50), beta, seeds.child("public"));
      }
      case "mnist" -> {
        MnistFeatureSplits splits =
            MnistFeatureSplits.build(
                dataDir.dir(),
                privateCount,
                10_000,
                pretrainSteps,
                MNIST_FEATURE_DIM,
                seeds.child("mnist"),
                common.device());
        train = splits.privateTrain();
        test = splits.test();
        pub = splits.publicSplit();
        backboneTrainAccuracy = splits.backboneAccuracy();
        featureSource = splits.source().name().toLowerCase(java.util.Locale.ROOT);
      }
      default ->
          throw InvalidInputException.of("--features", "must be synthetic or mnist", features);
    }
    ProbeConfig config =
        ProbeConfig.builder()
            .setEpsilon(epsilon)
            .setDelta(delta)
            .setSteps(steps)
            .setLearningRate(learningRate != null ? learningRate : 1.0 / train.n())
            .optClipNorm(clipNorm)
            .optSamplingRate(samplingRate)
            .optNormalize(normalize)
            .optPcaDimension(pca)
            .optLoss(Loss.parse(loss))
            .optAccountant(accountant != null ? ProbeAccountant.parse(accountant) : null)
            .optNeighbouring(neighbouring.relation())
            .optThreads(2)
            .build();
    PrivateProbe.Result r =
        PrivateProbe.run(
            train,
            test,
            pub,
            config,
            seeds.child("probe"),
            init == null ? null : readWeights(init));
    Probe out =
        new Probe(
            backboneTrainAccuracy,
            featureSource,
            features,
            r.accuracy(),
            r.epsilon(),
            delta,
            r.noiseMultiplier(),
            steps,
            train.n(),
            r.featureDimension(),
            normalize,
            pca,
            config.accountant().id(),
            r.testMetrics().nc1(),
            r.testMetrics().etfError(),
            r.testMetrics().cdnv(),
            r.testMetrics().meanDistanceToClassMean());
    Path dir = common.outOr("privacy-probe");
    try (RunLock lock = OutputFolder.claimOneShot(commandSpec, dir)) {
      Json.write(dir.resolve("result.json"), out);
      LinearClassifier model = r.model();
      Npy.write(
          dir.resolve("weights.npy"),
          NpyArray.of(model.weights(), new Shape(model.classes(), model.p())));
      common.writeManifestAndPrint(dir, "privacy probe", config(config), start, out);
      return 0;
    }
  }

  /** Most multiply-adds one probe may take: steps x n x p x K (hours on 2 CPU cores). */
  static final double MAX_PROBE_WORK = 1e13;

  /** The frozen CNN backbone's feature dimension on MNIST. */
  private static final int MNIST_FEATURE_DIM = 64;

  /**
   * Lower bounds of the size and count options, and the synthetic features' memory (train, test and
   * public splits, n x p floats each) and the NoisyGD work (steps x n x p x K multiply-adds) within
   * their budgets, before anything is allocated.
   */
  private void requireWithinBudgets() {
    InvalidInputException.require(steps >= 1, "--steps", "must be >= 1", steps);
    InvalidInputException.require(pca >= 0, "--pca", "must be >= 0", pca);
    InvalidInputException.require(
        pretrainSteps >= 0, "--pretrain-steps", "must be >= 0", pretrainSteps);
    InvalidInputException.require(
        privateCount >= 1, "--private-count", "must be >= 1", privateCount);
    double n;
    double p;
    double k;
    if (features.equals("synthetic")) {
      InvalidInputException.require(dimension >= 1, "--dimension", "must be >= 1", dimension);
      InvalidInputException.require(classes >= 2, "--classes", "must be >= 2", classes);
      InvalidInputException.require(perClass >= 1, "--per-class", "must be >= 1", perClass);
      n = (double) classes * perClass;
      p = dimension;
      k = classes;
      Budget.memory(
          "--classes / --per-class / --dimension",
          classes + " / " + perClass + " / " + dimension,
          "train, test and public features in float",
          4.0 * classes * (perClass + 200.0 + 50.0) * dimension);
    } else if (features.equals("mnist")) {
      n = privateCount;
      p = MNIST_FEATURE_DIM;
      k = 10;
    } else {
      return; // refused with the list of feature sources
    }
    if (pca > 0) {
      p = Math.min(p, pca);
    }
    Budget.work(
        "--steps",
        steps + " with n = " + (long) n + ", p = " + (long) p + ", K = " + (long) k,
        "multiply-adds",
        steps * n * p * k,
        MAX_PROBE_WORK,
        "steps x n x p x K; hours on 2 CPU cores");
  }

  /** W_0 from a float32 {@code [K, p]} npy file. */
  private static LinearClassifier readWeights(Path file) throws IOException {
    NpyArray w = Npy.read(file);
    if (w.shape().dimension() != 2
        || w.dataType() != DataType.FLOAT32
        || w.shape().get(0) < 1
        || w.shape().get(1) < 1) {
      throw new CorruptFileException(
          file,
          "must hold a float32 [K, p] matrix with K, p >= 1, found "
              + w.dataType()
              + " "
              + w.shape());
    }
    float[] values = w.toFloatArray();
    FileChecks.requireFinite(file, "W_0", values);
    return new LinearClassifier(values, null, (int) w.shape().get(0), (int) w.shape().get(1));
  }

  private Map<String, Object> config(ProbeConfig c) {
    boolean synthetic = features.equals("synthetic");
    return Output.fields(
        new Config(
            features,
            c,
            init == null ? null : init.toString(),
            synthetic ? new SyntheticConfig(dimension, classes, perClass, beta, offset) : null,
            synthetic ? null : new MnistConfig(pretrainSteps, privateCount)));
  }
}
