package org.replearn.weightspace.report;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.TorchThreads;
import org.replearn.core.io.Json;
import org.replearn.core.report.AbstractExperiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.HtmlReport;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.report.Table;
import org.replearn.weightspace.downstream.CachedZoo;
import org.replearn.weightspace.downstream.Claim;
import org.replearn.weightspace.downstream.EmbeddingPredictor;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.downstream.PaperClaims;
import org.replearn.weightspace.downstream.StoredZooView;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
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
 * headline), with a PCA plot of the interactive encoder's embeddings per zoo. This class sets up
 * each scale and runs the comparison; {@link EncoderTables}, {@link EncoderVerdicts} and {@link
 * EncoderCharts} build the section's tables, verdicts and charts.
 */
public final class EncodersExperiment extends AbstractExperiment {

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

  /**
   * Wall and CPU seconds of this run's zoo generation, and how many model batches it trained and
   * found already in the cache.
   */
  public record ZooGeneration(
      double seconds, double cpuSeconds, long batchesTrained, long batchesSkipped) {}

  /** One zoo's results. */
  private record ZooOutcome(
      ZooSetup setup,
      ZooView view,
      CachedZoo.Generated zoo,
      List<EncoderComparison.Outcome> outcomes) {}

  /** Section {@code encoders}, at order 75 in the report. */
  public EncodersExperiment() {
    super("encoders", 75);
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
    List<ZooSetup> setups = List.of(formalLanguages(scale), tiledMnist(context));
    // zoo by zoo, the formal-language headline first: each zoo (resumable through the zoo cache),
    // then its encoders (resumable through their run folders)
    ReportSection section =
        new ReportSection("RNN weight encoders: emulation and downstream tasks");
    // one PyTorch thread per emulation run, two runs at once: two OpenMP threads in one small op
    // stall when other processes share the cores, and two independent runs keep both cores busy
    // (the zoos themselves are generated in plain Java)
    try (TorchThreads one = TorchThreads.use(1);
        NDManager manager = NDManager.newBaseManager(context.device())) {
      for (ZooSetup setup : setups) {
        CachedZoo.Generated zoo =
            CachedZoo.generate(context.dataDir(), setup.task(), setup.recipe(), setup.models(), 1);
        ZooView view = StoredZooView.open(zoo.dir(), manager);
        // the formal-language zoo runs on the root seeds, the others on a child stream per task, so
        // adding a zoo leaves the formal-language figures in docs/results.md reproducible
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
        ReportSection zooSection = new ReportSection(section.title() + ": " + zooName(setup));
        addZoo(zooSection, new ZooOutcome(setup, view, zoo, outcomes));
        writeInterim(context.workDir().resolve(setup.task().id()), zooSection);
        section.append(zooSection);
      }
    }
    return section;
  }

  /**
   * The formal-language zoo. Small: 48 models x 4 checkpoints (updates 0..500), a 64-wide emulator
   * and a constant learning rate of 1e-3 (at 1e-4 a few hundred steps barely move the loss).
   * Medium: the official composition on a twentieth of the schedule ({@link #recipe}), 432 models
   * with the covering task assignment (every one of the 216 tasks exactly twice), 256 strings
   * sampled per checkpoint for the accuracy, 16 stored rollouts, and the official emulation recipe.
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

  /**
   * Emulation steps of every encoder but the parameter transformer on the medium FL zoo: with
   * {@link #MEDIUM_MNIST_STEPS}, as many as the 2-hour budget of the medium encoders section leaves
   * after the two zoos with a 5% margin (docs/results.md, "Encoders at medium scale", has the
   * parts' times; 800 and 320 steps with twice the transformer's steps took 2 h 0 min 39 s).
   */
  static final int MEDIUM_FL_STEPS = 720;

  /**
   * The parameter transformer's steps on the medium FL zoo (~10 s per step on one core; its
   * evaluations after training take 860 s more, so it is the section's longest run even so).
   */
  static final int MEDIUM_FL_TRANSFORMER_STEPS = 30;

  /** Emulation steps of every encoder but the parameter transformer on the medium MNIST zoo. */
  static final int MEDIUM_MNIST_STEPS = 288;

  /** The parameter transformer's steps on the medium MNIST zoo. */
  static final int MEDIUM_MNIST_TRANSFORMER_STEPS = 15;

  /**
   * The tiled sequential-MNIST zoo (full MNIST training set; the 500-image fixture at smoke scale).
   * Small: 32 models x 4 checkpoints (updates 0..500), accuracy on one batch of 1000 evaluation
   * images, 10 stored rollouts, and 50 emulation steps (a quarter of the formal-language budget: a
   * probing step runs the target over 50 probes, not 22). Medium: 300 models of the official
   * composition on a twentieth of the schedule, accuracy on two batches of 1000 evaluation images,
   * 16 stored rollouts, the official emulation recipe.
   */
  static ZooSetup tiledMnist(ExperimentContext context) throws IOException {
    Scale scale = context.scale();
    ImageDataset images = context.images(DatasetName.MNIST, Split.TRAIN);
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
   * The medium zoos train on the official schedule divided by this. A twentieth rather than a tenth
   * halves the zoos' share of the 2-hour budget and leaves it to emulation; the models still learn
   * their tasks: in the medium zoos of the tenth schedule, at update 1000 the formal-language
   * models accepted 96% of their samples (98% at 2000) and the MNIST models were 87% accurate
   * (91%).
   */
  static final int MEDIUM_SCHEDULE_DIVISOR = 20;

  /**
   * The official zoo recipe on a checkpoint schedule: updates 0, 30 (smoke); 0, 100, 200, 500
   * (small); the official checkpoints divided by {@value #MEDIUM_SCHEDULE_DIVISOR} (medium: 0, 5,
   * 10, 25, ..., 1000, so 1,001 updates, the learning-rate knots at 500 and 1000 where the official
   * ones sit relative to the schedule, and the official proportions of untrained and long-trained
   * rows); the official ones (paper).
   */
  static TrainingRecipe recipe(Scale scale) {
    return TrainingRecipe.official()
        .withCheckpoints(
            scale.pick(
                new long[] {0, 30},
                new long[] {0, 100, 200, 500},
                TrainingRecipe.officialCheckpointsDividedBy(MEDIUM_SCHEDULE_DIVISOR),
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
    String name = zooName(setup);
    // the headline zoo (formal languages) keys its results by encoder name alone; the others
    // prefix the task id
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
    section.result(
        prefix + "zooGeneration",
        new ZooGeneration(
            zoo.zoo().seconds(),
            zoo.zoo().cpuSeconds(),
            zoo.zoo().generation().batchesTrained(),
            zoo.zoo().generation().batchesSkipped()));
    section.table(EncoderTables.lossTable(name, setup, outcomes));
    for (EncoderComparison.Outcome o : outcomes) {
      section.result(prefix + o.encoder(), EncoderResult.of(o));
    }
    section.table(
        EncoderTables.downstreamTable(
            name
                + ": downstream prediction from frozen embeddings, every row, mean over "
                + setup.seeds()
                + " predictor seeds with bootstrapped 95% intervals. "
                + EncoderTables.targetsLegend(fl),
            outcomes,
            EncoderComparison.Outcome::downstream));
    if (!outcomes.get(0).downstreamWithoutStepZero().isEmpty()) {
      section.table(
          EncoderTables.downstreamTable(
              name
                  + ": the same without the step-0 (untrained) rows in the predictors' training"
                  + " and test rows",
              outcomes,
              EncoderComparison.Outcome::downstreamWithoutStepZero));
    }
    if (outcomes.get(0).cloneEvaluation() != null) {
      section.table(EncoderTables.cloneTable(outcomes));
    }
    section.table(EncoderTables.figure8Table(name, outcomes, fl));
    List<Claim> claims = EncoderVerdicts.claims(outcomes, fl);
    Table verdicts =
        new Table(
            name + ": the paper's claims against this run (verdicts from the 95% intervals)",
            List.of("claim", "paper", "measure", "verdict"));
    Map<String, String> verdictResults = new LinkedHashMap<>();
    for (Claim c : claims) {
      Claim.Verdict v = c.check(PaperClaims.measured(c, outcomes));
      verdicts.row(c.statement(), c.paper(), c.measure(), v.words());
      verdictResults.put(c.id(), v.name());
    }
    section.table(verdicts);
    section.result(prefix + "verdicts", verdictResults);
    section.paragraph(EncoderVerdicts.verdict(outcomes, fl));
    EncoderTables.addStepZeroDiagnostic(section, name, outcomes);
    XYChart curves = EncoderCharts.lossCurves(name, outcomes);
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
        EncoderCharts.pca(interactive, view, fl));
  }

  private static String zooName(ZooSetup setup) {
    return setup.formalLanguages() ? "Formal languages" : "Tiled sequential MNIST";
  }

  /**
   * Writes one zoo's part of the section as a report of its own ({@code dir/report/index.html},
   * {@code dir/results.json}) as soon as that zoo is done, so the formal-language verdict can be
   * read while the MNIST zoo is still being generated or emulated; the full report is written when
   * every zoo is done.
   */
  private static void writeInterim(Path dir, ReportSection zooSection) throws IOException {
    Json.write(dir.resolve("results.json"), zooSection.results());
    HtmlReport.write(
        dir.resolve("report"),
        zooSection.title(),
        List.of("one zoo of the encoders section, written before the section is complete"),
        List.of(zooSection));
  }
}
