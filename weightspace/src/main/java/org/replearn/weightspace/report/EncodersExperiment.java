package org.replearn.weightspace.report;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.TorchThreads;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.core.report.Experiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.report.Table;
import org.replearn.weightspace.downstream.CachedZoo;
import org.replearn.weightspace.downstream.Claim;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.DownstreamTarget;
import org.replearn.weightspace.downstream.EmbeddingPca;
import org.replearn.weightspace.downstream.EmbeddingPredictor;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.downstream.PaperClaims;
import org.replearn.weightspace.downstream.StepZeroDiagnostic;
import org.replearn.weightspace.downstream.StoredZooView;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.FormalLanguage;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TiledMnistZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooTask;
import org.replearn.weightspace.zoo.ZooTasks;

/**
 * {@code reproduce} section "encoders": every encoder trained by emulation on a formal-language zoo
 * and on a tiled sequential-MNIST zoo, its validation and OOD emulation losses beside the paper's
 * Table 2, and downstream prediction from its frozen embeddings (OOD task prediction is the paper's
 * headline), with a PCA plot of the interactive encoder's embeddings per zoo.
 */
public final class EncodersExperiment implements Experiment {

  /**
   * One zoo of the comparison.
   *
   * @param task the zoo's task family and settings
   * @param recipe training recipe with the checkpoint schedule
   * @param models models in the zoo
   * @param emulation emulation settings for every encoder on this zoo
   * @param transformerSteps steps of the parameter transformer when fewer than the others' (0: the
   *     same)
   * @param encoders the encoders compared
   * @param seeds predictor seeds per target
   */
  record ZooSetup(
      ZooTask task,
      TrainingRecipe recipe,
      int models,
      EmulationConfig emulation,
      int transformerSteps,
      List<EncoderKind> encoders,
      int seeds) {

    boolean formalLanguages() {
      return task.id().equals(ZooTasks.FORMAL_LANGUAGES);
    }
  }

  /** One zoo's results. */
  private record ZooOutcome(
      ZooSetup setup,
      ZooView view,
      CachedZoo.Generated zoo,
      List<EncoderComparison.Outcome> outcomes) {}

  @Override
  public String id() {
    return "encoders";
  }

  @Override
  public int order() {
    return 75;
  }

  @Override
  public ReportSection run(ExperimentContext context) throws Exception {
    Scale scale = context.scale();
    // 500 predictor steps, 3 seeds and 32 clone strings keep both zoos within ~6 minutes at small
    // scale (the smoke settings keep the section within ~20 s)
    EmbeddingPredictor.Config predictor =
        new EmbeddingPredictor.Config(128, scale.pick(50, 500, 1000, 2000), 128, 1e-3, 0.01);
    int cloneSamples = scale.pick(16, 32, 64, 64);
    int cloneRows = scale.pick(0, 0, 100, 0);
    Seeds root = context.seeds();
    List<ZooSetup> setups = List.of(formalLanguages(scale), tiledMnist(scale, context.dataDir()));
    // zoo by zoo, the formal-language headline first: each zoo (resumable through the zoo cache),
    // then its encoders (resumable through their run folders)
    List<ZooOutcome> results = new ArrayList<>();
    // one PyTorch thread per emulation run, two runs at once: two OpenMP threads in one small op
    // stall when other processes share the cores, and two independent runs keep both cores busy
    // (the zoos themselves are generated in plain Java)
    try (TorchThreads one = TorchThreads.use(1);
        NDManager manager = NDManager.newBaseManager(context.device())) {
      for (ZooSetup setup : setups) {
        CachedZoo.Generated zoo =
            CachedZoo.generate(context.dataDir(), setup.task(), setup.recipe(), setup.models(), 1);
        ZooView view = StoredZooView.open(zoo.dir(), manager);
        // the formal-language comparison keeps the root seed it had before MNIST was added
        Seeds seeds = setup.formalLanguages() ? root : root.child(setup.task().id());
        List<EncoderComparison.Outcome> outcomes =
            EncoderComparison.run(
                view,
                new EncoderComparison.Settings(
                    setup.encoders(),
                    setup.emulation(),
                    setup.transformerSteps(),
                    setup.seeds(),
                    predictor,
                    cloneSamples,
                    cloneRows,
                    scale == Scale.MEDIUM || scale == Scale.PAPER,
                    scale == Scale.MEDIUM || scale == Scale.PAPER
                        ? List.of(EncoderKind.INTERACTIVE, EncoderKind.STATS)
                        : List.of()),
                seeds,
                context.workDir(),
                manager,
                EMULATION_WORKERS);
        results.add(new ZooOutcome(setup, view, zoo, outcomes));
      }
    }
    ReportSection section =
        new ReportSection("RNN weight encoders: emulation and downstream tasks");
    for (ZooOutcome r : results) {
      addZoo(section, r);
    }
    return section;
  }

  /**
   * The formal-language zoo. Small: 48 models x 4 checkpoints (updates 0..500), a 64-wide emulator
   * and a constant learning rate of 1e-3 (at 1e-4 a few hundred steps barely move the loss).
   * Medium: the official composition on a tenth of the schedule ({@link #recipe}), 432 models with
   * the covering task assignment (every one of the 216 tasks exactly twice), 256 strings sampled
   * per checkpoint for the accuracy, 16 stored rollouts, and the official emulation recipe.
   */
  static ZooSetup formalLanguages(Scale scale) {
    return new ZooSetup(
        scale.pick(
            new FormalLanguageZoo(42, 10, 1e-4, 100, 4, false),
            new FormalLanguageZoo(42, 10, 1e-4, 100, 10, false),
            new FormalLanguageZoo(42, 10, 1e-4, 256, 16, false).withCoveringTasks(),
            FormalLanguageZoo.official()),
        recipe(scale),
        scale.pick(
            16, 48, 2 * FormalLanguage.allDifferences(FormalLanguageZoo.LETTERS).size(), 1000),
        emulation(scale, 200, 50, MEDIUM_FL_STEPS),
        scale.pick(0, 0, MEDIUM_FL_TRANSFORMER_STEPS, 0),
        encoders(scale),
        scale.pick(2, 3, 5, 15));
  }

  /** Encoders trained at once, one per core (the outcomes do not depend on it). */
  static final int EMULATION_WORKERS = Runtime.getRuntime().availableProcessors();

  /** Emulation steps of every encoder but the parameter transformer on the medium FL zoo. */
  static final int MEDIUM_FL_STEPS = 1000;

  /** The parameter transformer's steps on the medium FL zoo (~8 s per step on one core). */
  static final int MEDIUM_FL_TRANSFORMER_STEPS = 60;

  /** Emulation steps of every encoder but the parameter transformer on the medium MNIST zoo. */
  static final int MEDIUM_MNIST_STEPS = 400;

  /** The parameter transformer's steps on the medium MNIST zoo. */
  static final int MEDIUM_MNIST_TRANSFORMER_STEPS = 30;

  /**
   * The tiled sequential-MNIST zoo (full MNIST training set; the 500-image fixture at smoke scale).
   * Small: 32 models x 4 checkpoints (updates 0..500), accuracy on one batch of 1000 evaluation
   * images, 10 stored rollouts, and 50 emulation steps (a quarter of the formal-language budget: a
   * probing step runs the target over 50 probes, not 22). Medium: 300 models of the official
   * composition on a tenth of the schedule, accuracy on two batches of 1000 evaluation images, 16
   * stored rollouts, the official emulation recipe.
   */
  static ZooSetup tiledMnist(Scale scale, Path dataDir) throws IOException {
    ImageDataset images =
        scale == Scale.SMOKE
            ? Datasets.fixture(DatasetName.MNIST, Split.TRAIN)
            : Datasets.load(DatasetName.MNIST, Split.TRAIN, dataDir);
    return new ZooSetup(
        scale.pick(
            new TiledMnistZoo(images, 1, 100, 4),
            new TiledMnistZoo(images, 1, 1000, 10),
            new TiledMnistZoo(images, 2, 1000, 16),
            TiledMnistZoo.official(images)),
        recipe(scale),
        scale.pick(12, 32, 300, 1000),
        emulation(scale, 50, 25, MEDIUM_MNIST_STEPS),
        scale.pick(0, 0, MEDIUM_MNIST_TRANSFORMER_STEPS, 0),
        // smoke: one mechanistic and one probing encoder, to stay within the smoke budget
        scale == Scale.SMOKE
            ? List.of(EncoderKind.STATS, EncoderKind.NONINTERACTIVE)
            : encoders(scale),
        scale.pick(2, 3, 5, 15));
  }

  /**
   * The official zoo recipe on a checkpoint schedule: updates 0, 30 (smoke); 0, 100, 200, 500
   * (small); the official checkpoints divided by 10 (medium: 0, 10, ..., 2000, so 2,001 updates,
   * the learning-rate knots at 1000 and 2000 where the official ones sit relative to the schedule,
   * and the official proportions of untrained and long-trained rows); the official ones (paper).
   */
  static TrainingRecipe recipe(Scale scale) {
    return TrainingRecipe.official()
        .withCheckpoints(
            scale.pick(
                new long[] {0, 30},
                new long[] {0, 100, 200, 500},
                TrainingRecipe.officialCheckpointsDividedBy(10),
                TrainingRecipe.OFFICIAL_CHECKPOINTS));
  }

  /**
   * Emulation settings: {@code smallSteps} steps evaluated every {@code smallEvalEvery} at small
   * scale (batch 32, constant lr 1e-3, 64-wide emulator); the official recipe (batch 64, lr 1e-4,
   * weight decay 0.01, clipping 0.1 per module, 256-wide emulator, TV) with {@code mediumSteps}
   * steps at medium scale and 100,000 at paper scale.
   */
  private static EmulationConfig emulation(
      Scale scale, int smallSteps, int smallEvalEvery, int mediumSteps) {
    return EmulationConfig.builder()
        .optSteps(scale.pick(8, smallSteps, mediumSteps, 100_000))
        .optBatchSize(scale.pick(8, 32, 64, 64))
        .optLearningRate(scale.pick(1e-3, 1e-3, 1e-4, 1e-4))
        .optWeightDecay(0.01)
        .optClipNorm(0.1)
        .optEvalEvery(scale.pick(8, smallEvalEvery, mediumSteps / 10, 1000))
        .optEvalRows(0)
        .optLoss(EmulationLoss.TOTAL_VARIATION)
        .optEmulatorHidden(scale.pick(32, 64, 256, 256))
        .optMicroBatch(0)
        .build();
  }

  /**
   * The encoders compared: all at medium and paper scale (at medium the parameter transformer with
   * fewer steps, {@link ZooSetup#transformerSteps}); at smoke and small scale the parameter
   * transformer is left out: one of its steps costs about 5 GFLOP per checkpoint (519 tokens x 6
   * layers, forward and backward), seconds per step on 2 cores (docs/results.md).
   */
  static List<EncoderKind> encoders(Scale scale) {
    return scale == Scale.PAPER || scale == Scale.MEDIUM
        ? List.of(EncoderKind.values())
        : List.of(
            EncoderKind.STATS,
            EncoderKind.FLAT,
            EncoderKind.DWS,
            EncoderKind.NONINTERACTIVE,
            EncoderKind.INTERACTIVE);
  }

  private static void addZoo(ReportSection section, ZooOutcome zoo) {
    ZooSetup setup = zoo.setup();
    ZooView view = zoo.view();
    EmulationConfig emulation = setup.emulation();
    List<EncoderComparison.Outcome> outcomes = zoo.outcomes();
    boolean fl = setup.formalLanguages();
    String name = fl ? "Formal languages" : "Tiled sequential MNIST";
    // result keys of the formal-language zoo are the encoder names (as before MNIST was added)
    String prefix = fl ? "" : setup.task().id() + ".";
    section.paragraph(
        name
            + ". Zoo: "
            + view.description()
            + " (checkpoints after updates "
            + java.util.Arrays.toString(setup.recipe().checkpoints())
            + "), generated by the zoo package with the official recipe and cached in "
            + zoo.zoo().dir()
            + " (this run trained "
            + zoo.zoo().generation().batchesTrained()
            + " of its "
            + (zoo.zoo().generation().batchesTrained() + zoo.zoo().generation().batchesSkipped())
            + " model batches in "
            + Math.round(zoo.zoo().seconds())
            + " s)"
            + ". Official by-task split: "
            + view.splits().train().length
            + " training, "
            + view.splits().validation().length
            + " validation and "
            + view.splits().ood().length
            + " OOD rows (checkpoints); for the downstream predictors half of the OOD tasks move"
            + " into training (official numpy seed-2 selection), leaving "
            + view.oodRows()
            + " OOD test rows. Every encoder has its official size and is trained with the"
            + " emulator ("
            + emulation.emulatorHidden()
            + " hidden units), batch "
            + emulation.batchSize()
            + ", AdamW lr "
            + emulation.learningRate()
            + " (constant), weight decay "
            + emulation.weightDecay()
            + ", clipping "
            + emulation.clipNorm()
            + " per module, "
            + emulation.steps()
            + " steps"
            + (setup.transformerSteps() > 0
                ? " (the parameter transformer " + setup.transformerSteps() + " steps)"
                : "")
            + ", total-variation loss; the best-validation parameters are kept.");
    section.result(prefix + "oodRows", view.oodRows());
    section.result(prefix + "zooGeneration", generationResults(zoo.zoo()));
    section.table(lossTable(name, setup, outcomes));
    for (EncoderComparison.Outcome o : outcomes) {
      section.result(prefix + o.encoder(), results(o));
    }
    section.table(
        downstreamTable(
            name
                + ": downstream prediction from frozen embeddings, every row, mean over "
                + setup.seeds()
                + " predictor seeds with bootstrapped 95% intervals. "
                + targetsLegend(fl),
            outcomes,
            EncoderComparison.Outcome::downstream));
    if (!outcomes.get(0).downstreamWithoutStepZero().isEmpty()) {
      section.table(
          downstreamTable(
              name
                  + ": the same without the step-0 (untrained) rows in the predictors' training"
                  + " and test rows",
              outcomes,
              EncoderComparison.Outcome::downstreamWithoutStepZero));
    }
    if (outcomes.get(0).cloneEvaluation() != null) {
      Table clones =
          new Table(
              "Clone evaluation (official metric) on "
                  + outcomes.get(0).cloneEvaluation().rows().length
                  + " validation and OOD checkpoints: the original RNN and the emulator given only"
                  + " the embedding each sample "
                  + outcomes.get(0).cloneEvaluation().samples()
                  + " strings; return = correct / finished strings",
              List.of(
                  "encoder",
                  "models",
                  "mean |original - clone|",
                  "Pearson r",
                  "clone strings finished"));
      for (EncoderComparison.Outcome o : outcomes) {
        clones.row(
            o.encoder(),
            o.cloneEvaluation().rows().length,
            o.cloneEvaluation().meanAbsoluteError(),
            o.cloneEvaluation().correlation(),
            o.cloneEvaluation().cloneFinished());
      }
      section.table(clones);
    }
    section.table(figure8Table(name, outcomes, fl));
    List<Claim> claims = claims(outcomes, fl);
    Table verdicts =
        new Table(
            name + ": the paper's claims against this run (verdicts from the 95% intervals)",
            List.of("claim", "paper", "measure", "verdict"));
    Map<String, Object> verdictResults = new LinkedHashMap<>();
    for (Claim c : claims) {
      Claim.Verdict v = c.check(PaperClaims.measured(c, outcomes));
      verdicts.row(c.statement(), c.paper(), c.measure(), v.words());
      verdictResults.put(c.id(), v.name());
    }
    section.table(verdicts);
    section.result(prefix + "verdicts", verdictResults);
    section.paragraph(verdict(outcomes, fl));
    addStepZeroDiagnostic(section, name, outcomes);
    XYChart curves = lossCurves(name, outcomes);
    if (curves != null) {
      section.chart("loss-curves-" + (fl ? "fl" : "mnist"), curves);
    }
    EncoderComparison.Outcome interactive =
        outcomes.stream()
            .filter(o -> o.encoder().equals("interactive"))
            .findFirst()
            .orElse(outcomes.get(0));
    section.chart(
        "pca-" + (fl ? "" : prefix.replace('.', '-')) + interactive.encoder(),
        pca(interactive, view, fl));
  }

  /** Wall and CPU seconds of this run's zoo generation, and how many batches it trained. */
  private static Map<String, Object> generationResults(CachedZoo.Generated zoo) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("seconds", zoo.seconds());
    r.put("cpuSeconds", zoo.cpuSeconds());
    r.put("batchesTrained", zoo.generation().batchesTrained());
    r.put("batchesSkipped", zoo.generation().batchesSkipped());
    return r;
  }

  private static String targetsLegend(boolean fl) {
    return fl
        ? "task: exact match of (d_b, d_c, d_d), accuracy-group-1..3 the accuracy of each of"
            + " d_b, d_c, d_d; accuracy: MSE of the accepted fraction; step: checkpoint index"
        : "angle: MSE in degrees^2; accuracy: MSE of the evaluation accuracy;"
            + " generalization-gap: MSE of eval - train loss; step: checkpoint index";
  }

  private static Table lossTable(
      String name, ZooSetup setup, List<EncoderComparison.Outcome> outcomes) {
    Table losses =
        new Table(
            name
                + ": emulation loss (TV) per encoder; 'best validation' is the mean over validation"
                + " tasks with a bootstrapped 95% interval over tasks (one emulation run per"
                + " encoder). 'mismatched' emulates each validation rollout from another model's"
                + " embedding: the gap to 'best validation' is what the embedding tells the"
                + " emulator. The paper's column is its Table 2 (mean and 95% interval over 15"
                + " seeds, 100k steps, 1000-model zoo)",
            List.of(
                "encoder",
                "parameters",
                "steps",
                "validation at step 0",
                "best step",
                "best validation [95% CI]",
                "mismatched",
                "OOD at best",
                "paper Table 2",
                "seconds"));
    for (EncoderComparison.Outcome o : outcomes) {
      EmulationResult e = o.emulation();
      double initial = e.history().isEmpty() ? Double.NaN : e.history().get(0).validationLoss();
      losses.row(
          o.encoder(),
          o.parameters(),
          e.steps(),
          initial,
          e.bestStep(),
          format(o.validationLoss()),
          o.mismatchedValidationLoss(),
          e.oodLossAtBest(),
          String.valueOf(paperTable2(setup).get(EncoderKind.parse(o.encoder()))),
          o.seconds());
    }
    return losses;
  }

  private static Map<EncoderKind, PaperClaims.Table2Cell> paperTable2(ZooSetup setup) {
    return setup.formalLanguages() ? PaperClaims.TABLE2_FORMAL_LANGUAGES : PaperClaims.TABLE2_MNIST;
  }

  private static Map<String, Object> results(EncoderComparison.Outcome o) {
    EmulationResult e = o.emulation();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("emulationSteps", e.steps());
    r.put(
        "validationTvAtStep0",
        e.history().isEmpty() ? Double.NaN : e.history().get(0).validationLoss());
    r.put("validationTv", e.bestValidationLoss());
    r.put("validationTvTaskMean", o.validationLoss().mean());
    r.put("validationTvLow", o.validationLoss().low());
    r.put("validationTvHigh", o.validationLoss().high());
    r.put("mismatchedValidationTv", o.mismatchedValidationLoss());
    r.put("oodTv", e.oodLossAtBest());
    for (DownstreamEvaluation.Result d : o.downstream()) {
      r.put(d.target() + "." + d.metric() + ".validation", d.validation().mean());
      r.put(d.target() + "." + d.metric() + ".ood", d.ood().mean());
      r.put(d.target() + "." + d.metric() + ".oodLow", d.ood().low());
      r.put(d.target() + "." + d.metric() + ".oodHigh", d.ood().high());
    }
    for (DownstreamEvaluation.Result d : o.downstreamWithoutStepZero()) {
      r.put("withoutStep0." + d.target() + "." + d.metric() + ".validation", d.validation().mean());
      r.put("withoutStep0." + d.target() + "." + d.metric() + ".ood", d.ood().mean());
    }
    if (o.cloneEvaluation() != null) {
      r.put("clone.meanAbsoluteError", o.cloneEvaluation().meanAbsoluteError());
      r.put("clone.correlation", o.cloneEvaluation().correlation());
      r.put("clone.finished", o.cloneEvaluation().cloneFinished());
    }
    if (o.stepZero() != null) {
      r.put("withoutStep0Emulation.validationTvWith", o.stepZero().withValidationLoss());
      r.put("withoutStep0Emulation.validationTvWithout", o.stepZero().withoutValidationLoss());
    }
    r.put(
        "validationCurve",
        e.history().stream().map(h -> List.of(h.step(), h.validationLoss())).toList());
    return r;
  }

  private static Table downstreamTable(
      String title,
      List<EncoderComparison.Outcome> outcomes,
      java.util.function.Function<EncoderComparison.Outcome, List<DownstreamEvaluation.Result>>
          scores) {
    List<String> headers = new ArrayList<>(List.of("encoder"));
    for (DownstreamEvaluation.Result d : scores.apply(outcomes.get(0))) {
      headers.add(d.target() + " " + d.metric() + " validation [95% CI]");
      headers.add(d.target() + " " + d.metric() + " OOD [95% CI]");
    }
    Table table = new Table(title, headers);
    for (EncoderComparison.Outcome o : outcomes) {
      List<Object> row = new ArrayList<>(List.of(o.encoder()));
      for (DownstreamEvaluation.Result d : scores.apply(o)) {
        row.add(format(d.validation()));
        row.add(format(d.ood()));
      }
      table.row(row.toArray());
    }
    return table;
  }

  /** The paper's Fig. 8 ordering beside this run's OOD ranking of the first target. */
  private static Table figure8Table(
      String name, List<EncoderComparison.Outcome> outcomes, boolean fl) {
    List<EncoderComparison.Outcome> ranked = rankedByOod(outcomes, 0);
    DownstreamEvaluation.Result first = outcomes.get(0).downstream().get(0);
    Table t =
        new Table(
            name
                + ": OOD "
                + first.target()
                + " prediction, the paper's Fig. 8 ordering ("
                + PaperClaims.figure8(fl)
                + ") beside this run's ranking, best first ("
                + first.metric()
                + ")",
            List.of("rank", "encoder", "OOD " + first.metric() + " [95% CI]", "kind"));
    for (int i = 0; i < ranked.size(); i++) {
      EncoderComparison.Outcome o = ranked.get(i);
      t.row(
          i + 1,
          o.encoder(),
          format(o.downstream().get(0).ood()),
          PaperClaims.isProbing(o.encoder()) ? "probing" : "mechanistic");
    }
    return t;
  }

  private static void addStepZeroDiagnostic(
      ReportSection section, String name, List<EncoderComparison.Outcome> outcomes) {
    List<EncoderComparison.Outcome> diagnosed =
        outcomes.stream().filter(o -> o.stepZero() != null).toList();
    if (diagnosed.isEmpty()) {
      return;
    }
    Table t =
        new Table(
            name
                + ": diagnostic, emulation trained with and without the step-0 rows (same"
                + " settings, seed and budget), both measured on the trained (step > 0) rows:"
                + " validation TV, and the OOD prediction of the first target with the"
                + " predictors' rows also without step 0",
            List.of(
                "encoder",
                "validation TV, trained with step 0",
                "validation TV, trained without",
                "best step without",
                "OOD first target, with [95% CI]",
                "OOD first target, without [95% CI]"));
    for (EncoderComparison.Outcome o : diagnosed) {
      StepZeroDiagnostic.Result d = o.stepZero();
      t.row(
          o.encoder(),
          d.withValidationLoss(),
          d.withoutValidationLoss(),
          d.withoutBestStep(),
          d.withTask() == null ? "-" : format(d.withTask().ood()),
          format(d.withoutTask().ood()));
    }
    section.table(t);
  }

  /**
   * Diagnostic: validation emulation loss against training steps for interactive probing and the
   * statistics encoder (as far as the budget goes), from the runs' evaluation histories.
   */
  private static XYChart lossCurves(String name, List<EncoderComparison.Outcome> outcomes) {
    List<EncoderComparison.Outcome> shown =
        outcomes.stream()
            .filter(o -> o.encoder().equals("interactive") || o.encoder().equals("stats"))
            .filter(o -> o.emulation().history().size() >= 2)
            .toList();
    if (shown.isEmpty()) {
      return null;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(400)
            .title(name + ": validation emulation loss (TV) against steps")
            .xAxisTitle("emulation step")
            .yAxisTitle("validation TV")
            .build();
    for (EncoderComparison.Outcome o : shown) {
      List<EmulationResult.Evaluation> h = o.emulation().history();
      double[] x = h.stream().mapToDouble(EmulationResult.Evaluation::step).toArray();
      double[] y = h.stream().mapToDouble(EmulationResult.Evaluation::validationLoss).toArray();
      chart.addSeries(o.encoder(), x, y).setMarker(SeriesMarkers.CIRCLE);
      if (o.stepZero() != null && o.stepZero().withoutHistory().size() >= 2) {
        List<EmulationResult.Evaluation> w = o.stepZero().withoutHistory();
        chart
            .addSeries(
                o.encoder() + " trained without step 0 (trained rows)",
                w.stream().mapToDouble(EmulationResult.Evaluation::step).toArray(),
                w.stream().mapToDouble(EmulationResult.Evaluation::validationLoss).toArray())
            .setMarker(SeriesMarkers.DIAMOND);
      }
    }
    return chart;
  }

  private static String format(BootstrapInterval ci) {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", ci.mean(), ci.low(), ci.high());
  }

  /** The paper's claims for this zoo over the encoders run. */
  static List<Claim> claims(List<EncoderComparison.Outcome> outcomes, boolean formalLanguages) {
    return PaperClaims.claims(
        formalLanguages,
        outcomes.stream().map(EncoderComparison.Outcome::encoder).toList(),
        outcomes.get(0).downstream().get(0).metric().equals("mse"));
  }

  /**
   * The verdict in sentences, every one computed from the numbers: each claim of the paper with the
   * paper's figures, this run's means and 95% intervals, and whether it holds, does not hold, or
   * the run is too small to decide ({@link Claim}); then the best encoder of every OOD score and
   * whether its interval clears the runner-up's.
   */
  static String verdict(List<EncoderComparison.Outcome> outcomes, boolean formalLanguages) {
    StringBuilder text = new StringBuilder();
    for (Claim c : claims(outcomes, formalLanguages)) {
      text.append(c.explain(PaperClaims.measured(c, outcomes))).append(' ');
    }
    int targets = outcomes.get(0).downstream().size();
    for (int t = 0; t < targets; t++) {
      final int index = t;
      DownstreamEvaluation.Result first = outcomes.get(0).downstream().get(t);
      List<EncoderComparison.Outcome> ranked = rankedByOod(outcomes, t);
      if (ranked.isEmpty()) {
        text.append("OOD ").append(first.target()).append(": no OOD rows at this scale. ");
        continue;
      }
      BootstrapInterval win = ranked.get(0).downstream().get(index).ood();
      if (ranked.size() > 1 && ranked.get(1).downstream().get(index).ood().mean() == win.mean()) {
        text.append(
            String.format(
                Locale.ROOT,
                "OOD %s (%s): no encoder ahead (%s and %s tie at %.3f). ",
                first.target(),
                first.metric(),
                ranked.get(0).encoder(),
                ranked.get(1).encoder(),
                win.mean()));
        continue;
      }
      String separated = "";
      if (ranked.size() > 1) {
        BootstrapInterval second = ranked.get(1).downstream().get(index).ood();
        boolean overlap = win.low() <= second.high() && second.low() <= win.high();
        separated =
            overlap
                ? ", its interval overlapping the runner-up's (" + ranked.get(1).encoder() + ")"
                : ", clear of the runner-up (" + ranked.get(1).encoder() + ")";
      }
      text.append(
          String.format(
              Locale.ROOT,
              "OOD %s (%s): best %s %.3f%s. ",
              first.target(),
              first.metric(),
              ranked.get(0).encoder(),
              win.mean(),
              separated));
    }
    outcomes.stream()
        .filter(o -> o.cloneEvaluation() != null)
        .min(Comparator.comparingDouble(o -> o.cloneEvaluation().meanAbsoluteError()))
        .ifPresent(
            o ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "Closest clones: %s (mean |original - clone| return %.3f, Pearson r"
                            + " %.2f, %.0f%% of its clones' strings finished); the paper (Fig. 5)"
                            + " finds only interactive probing's clones tracking the original"
                            + " over the whole range.",
                        o.encoder(),
                        o.cloneEvaluation().meanAbsoluteError(),
                        o.cloneEvaluation().correlation(),
                        100 * o.cloneEvaluation().cloneFinished())));
    return text.toString().trim();
  }

  /** Outcomes with an OOD score for target {@code t}, best first. */
  private static List<EncoderComparison.Outcome> rankedByOod(
      List<EncoderComparison.Outcome> outcomes, int t) {
    boolean higherIsBetter = !outcomes.get(0).downstream().get(t).metric().equals("mse");
    Comparator<EncoderComparison.Outcome> byOod =
        Comparator.comparingDouble(o -> o.downstream().get(t).ood().mean());
    return outcomes.stream()
        .filter(o -> !Double.isNaN(o.downstream().get(t).ood().mean()))
        .sorted(higherIsBetter ? byOod.reversed() : byOod)
        .toList();
  }

  /**
   * PCA of the embeddings, coloured by d_b (formal languages) or by the rotation angle in four
   * 90-degree bins (MNIST).
   */
  private static XYChart pca(
      EncoderComparison.Outcome outcome, ZooView view, boolean formalLanguages) {
    double[][] projected = EmbeddingPca.project(outcome.embeddings(), 2);
    XYChart chart =
        new XYChartBuilder()
            .width(640)
            .height(480)
            .title(
                "PCA of "
                    + outcome.encoder()
                    + " embeddings, coloured by "
                    + (formalLanguages ? "d_b" : "rotation angle"))
            .xAxisTitle("PC1")
            .yAxisTitle("PC2")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    DownstreamTarget task = view.targets().get(0);
    Map<Integer, List<double[]>> byLevel = new TreeMap<>();
    for (int r = 0; r < projected.length; r++) {
      double v = task.values()[r][0];
      int level = formalLanguages ? (int) v : (int) (v / 90);
      byLevel.computeIfAbsent(level, k -> new ArrayList<>()).add(projected[r]);
    }
    for (Map.Entry<Integer, List<double[]>> e : byLevel.entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
      String label =
          formalLanguages
              ? "d_b = " + (e.getKey() + FormalLanguage.MIN_DIFFERENCE)
              : "angle " + 90 * e.getKey() + "-" + 90 * (e.getKey() + 1);
      chart.addSeries(label, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    return chart;
  }
}
