package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.replearn.core.InvalidInputException;
import org.replearn.core.concurrent.Futures;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.ThreadGradients;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.emulation.Emulator;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * The paper's comparison on one zoo: every encoder trained by emulation with the same settings,
 * then its frozen best-validation embeddings scored on every downstream target.
 */
public final class EncoderComparison {
  private EncoderComparison() {}

  /**
   * What to run.
   *
   * @param encoders encoders to compare
   * @param emulation emulation training settings shared by all encoders
   * @param transformerSteps emulation steps of the parameter transformer when it gets fewer than
   *     the others (0: the same as the others)
   * @param seeds predictor seeds per target
   * @param predictor predictor settings
   * @param cloneSamples strings each clone samples per model (0: no clone evaluation; formal
   *     languages only)
   * @param cloneRows at most this many validation and OOD rows (a seeded sample) get a clone
   *     evaluation (0: all)
   * @param withoutStepZero also score every target with the step-0 rows left out of the predictors'
   *     training and test rows
   * @param stepZeroDiagnostic encoders that are trained a second time without the step-0 rows, same
   *     budget ({@link StepZeroDiagnostic})
   */
  public record Settings(
      List<EncoderKind> encoders,
      EmulationConfig emulation,
      int transformerSteps,
      int seeds,
      EmbeddingPredictor.Config predictor,
      int cloneSamples,
      int cloneRows,
      boolean withoutStepZero,
      List<EncoderKind> stepZeroDiagnostic) {

    /** The emulation settings of {@code kind}. */
    public EmulationConfig emulationOf(EncoderKind kind) {
      if (kind != EncoderKind.TRANSFORMER || transformerSteps <= 0) {
        return emulation;
      }
      return emulation.withSteps(transformerSteps, Math.max(1, transformerSteps / 3));
    }
  }

  /**
   * One encoder's outcome.
   *
   * @param encoder CLI name
   * @param parameters trainable parameters of the encoder
   * @param emulation emulation training result
   * @param validationLoss validation loss of the best parameters, mean over validation tasks with a
   *     bootstrapped 95% interval over tasks (each task's rows averaged first)
   * @param mismatchedValidationLoss validation loss of the best parameters when each rollout is
   *     emulated from another model's embedding (the gap to the best validation loss is what the
   *     embedding tells the emulator)
   * @param downstream results per target: its own metric, then (multi-hot) each group's accuracy
   * @param downstreamWithoutStepZero the same with the step-0 rows left out (empty unless asked)
   * @param stepZero the emulation run trained without step-0 rows, or null
   * @param cloneEvaluation clone evaluation on the validation and OOD rows, or null
   * @param embeddings frozen embeddings of every zoo row
   * @param seconds wall time of training and evaluation
   */
  public record Outcome(
      String encoder,
      long parameters,
      EmulationResult emulation,
      BootstrapInterval validationLoss,
      double mismatchedValidationLoss,
      List<DownstreamEvaluation.Result> downstream,
      List<DownstreamEvaluation.Result> downstreamWithoutStepZero,
      StepZeroDiagnostic.Result stepZero,
      CloneEvaluation.Result cloneEvaluation,
      float[][] embeddings,
      double seconds) {}

  /**
   * Runs the comparison; each encoder's run folder is {@code workDir/<encoder>-<key>}, the key a
   * hash of the run's definition and the zoo's description, so a rerun with the same settings
   * resumes from it and one with other settings starts a folder of its own.
   *
   * <p>With {@code workers > 1} that many encoders train at once, each on its own thread and {@link
   * NDManager} with the caller's PyTorch intra-op thread count (callers set one, so each run keeps
   * one core): the runs share nothing but the read-only zoo view, so every outcome is the same as
   * with one worker. The longest runs start first ({@link #expectedCost}), which keeps the workers
   * busy to the end.
   *
   * @return one outcome per encoder, in the order of {@code settings.encoders()}
   */
  public static List<Outcome> run(
      ZooView view, Settings settings, Seeds seeds, Path workDir, NDManager manager, int workers)
      throws IOException {
    InvalidInputException.require(workers >= 1, "workers", "must be >= 1", workers);
    Splits downstreamSplits = view.downstreamSplits();
    List<EncoderKind> kinds = settings.encoders();
    if (workers == 1 || kinds.size() == 1) {
      List<Outcome> outcomes = new ArrayList<>();
      for (EncoderKind kind : kinds) {
        outcomes.add(runOne(kind, view, settings, downstreamSplits, seeds, workDir, manager));
      }
      return outcomes;
    }
    List<EncoderKind> longestFirst =
        kinds.stream()
            .sorted(Comparator.comparingDouble((EncoderKind k) -> -expectedCost(k, settings)))
            .toList();
    // OpenMP keeps the thread count per native thread: each worker takes the caller's
    int torchThreads = JniUtils.getNumThreads();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(workers, kinds.size()), task -> worker(task, torchThreads));
    try {
      Map<EncoderKind, Future<Outcome>> futures = new EnumMap<>(EncoderKind.class);
      for (EncoderKind kind : longestFirst) {
        futures.put(
            kind,
            pool.submit(
                () -> {
                  try (NDManager own = NDManager.newBaseManager(manager.getDevice())) {
                    return runOne(kind, view, settings, downstreamSplits, seeds, workDir, own);
                  }
                }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (EncoderKind kind : kinds) {
        outcomes.add(Futures.await(futures.get(kind)));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Relative cost of one encoder's run, for scheduling only: the CPU time of one step at batch 64
   * relative to the flat encoder (`encode bench`, one PyTorch thread: flat 1, stats 1.1,
   * non-interactive 1.6, interactive 2, DWS 3.4, parameter transformer 40) times the run's steps
   * (doubled for encoders that also run the step-0 diagnostic) plus {@link
   * #EVALUATION_STEP_EQUIVALENTS} for the evaluations after training.
   */
  static double expectedCost(EncoderKind kind, Settings settings) {
    double perStep =
        switch (kind) {
          case FLAT -> 1;
          case STATS -> 1.1;
          case NONINTERACTIVE -> 1.6;
          case INTERACTIVE -> 2;
          case DWS -> 3.4;
          case TRANSFORMER -> 40;
        };
    double runs = settings.stepZeroDiagnostic().contains(kind) ? 2 : 1;
    return perStep * (settings.emulationOf(kind).steps() * runs + EVALUATION_STEP_EQUIVALENTS);
  }

  /**
   * The evaluations after an encoder's training (validation per task, mismatched pairs, clone
   * samples, embedding every row, the downstream predictors) cost about as much as this many of its
   * training steps: 66 to 575 in the medium run of docs/results.md (the parameter transformer 89
   * and 66, whose 60 steps then took 582 s of its 1,444). Without this term a transformer with few
   * steps started last and ran alone at the end.
   */
  static final int EVALUATION_STEP_EQUIVALENTS = 300;

  private static Thread worker(Runnable task, int torchThreads) {
    Thread t =
        new Thread(
            () -> {
              JniUtils.setNumThreads(torchThreads);
              ThreadGradients.offOnThisThread();
              task.run();
            },
            "encoder-comparison");
    t.setDaemon(true);
    return t;
  }

  private static Outcome runOne(
      EncoderKind kind,
      ZooView view,
      Settings settings,
      Splits downstreamSplits,
      Seeds seeds,
      Path workDir,
      NDManager manager)
      throws IOException {
    long start = System.nanoTime();
    EmulationRun run =
        new EmulationRun(
            kind,
            view.data().layout(),
            settings.emulationOf(kind),
            seeds.child("emulation").seed());
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("run", run);
    definition.put("zoo", view.description());
    Path dir = workDir.resolve(kind.cliName() + "-" + CachedZoo.key(definition));
    EmulationTrainer trainer = new EmulationTrainer(run, view.data(), view.splits(), dir);
    EmulationResult result = trainer.train(manager, true);
    try (WeightEncoder encoder = EmulationRun.loadBestEncoder(dir, manager);
        Emulator emulator = EmulationRun.loadBestEmulator(dir, manager)) {
      double mismatched =
          trainer.evaluate(encoder, emulator, view.splits().validation(), manager, true);
      BootstrapInterval validationLoss =
          perTaskInterval(
              trainer, encoder, emulator, view, seeds.child("loss-bootstrap").random(), manager);
      CloneEvaluation.Result clone = null;
      int[] heldOut =
          sample(
              IntStream.concat(
                      IntStream.of(view.splits().validation()), IntStream.of(view.splits().ood()))
                  .toArray(),
              settings.cloneRows(),
              seeds.child("clone-rows").random());
      if (settings.cloneSamples() > 0
          && view.data().layout().inputSize() == view.data().layout().outputSize()
          && heldOut.length > 0) {
        clone =
            CloneEvaluation.evaluate(
                encoder,
                emulator,
                view,
                heldOut,
                settings.cloneSamples(),
                seeds.child("clone").random(),
                manager);
      }
      float[][] z = FrozenEmbeddings.compute(encoder, view.data(), 64, manager);
      List<DownstreamEvaluation.Result> downstream =
          scoreTargets(z, view, downstreamSplits, settings, seeds.child("predictor"), manager);
      boolean trainedOnly = settings.withoutStepZero() && view.hasSteps();
      List<DownstreamEvaluation.Result> trained =
          trainedOnly
              ? scoreTargets(
                  z,
                  view,
                  view.withoutStepZero(downstreamSplits),
                  settings,
                  seeds.child("predictor-without-step-0"),
                  manager)
              : List.of();
      StepZeroDiagnostic.Result stepZero =
          settings.stepZeroDiagnostic().contains(kind) && view.hasSteps()
              ? StepZeroDiagnostic.run(
                  run,
                  view,
                  workDir.resolve(kind.cliName() + "-without-step-0-" + CachedZoo.key(definition)),
                  trainer.evaluate(
                      encoder, emulator, view.withoutStepZero(view.splits().validation()), manager),
                  trainedOnly ? trained.get(0) : null,
                  settings,
                  seeds,
                  manager)
              : null;
      return new Outcome(
          kind.cliName(),
          encoder.parameters().count(),
          result,
          validationLoss,
          mismatched,
          downstream,
          trained,
          stepZero,
          clone,
          z,
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * The validation loss per validation task (the mean over the task's rows), and its mean over
   * tasks with a bootstrapped 95% interval (tasks resampled; NaN without validation rows).
   */
  static BootstrapInterval perTaskInterval(
      EmulationTrainer trainer,
      WeightEncoder encoder,
      Emulator emulator,
      ZooView view,
      SplittableRandom rng,
      NDManager manager) {
    Map<Integer, List<Integer>> byTask = new java.util.TreeMap<>();
    for (int r : view.splits().validation()) {
      byTask.computeIfAbsent(view.taskOfRow()[r], k -> new ArrayList<>()).add(r);
    }
    if (byTask.isEmpty()) {
      return new BootstrapInterval(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] losses =
        byTask.values().stream()
            .mapToDouble(
                rows ->
                    trainer.evaluate(
                        encoder,
                        emulator,
                        rows.stream().mapToInt(Integer::intValue).toArray(),
                        manager))
            .toArray();
    return BootstrapInterval.of(losses, 0.95, 10_000, rng);
  }

  /** Every target's scores (own metric, then group accuracies) on {@code splits}. */
  static List<DownstreamEvaluation.Result> scoreTargets(
      float[][] z, ZooView view, Splits splits, Settings settings, Seeds seeds, NDManager manager) {
    List<DownstreamEvaluation.Result> out = new ArrayList<>();
    for (DownstreamTarget target : view.targets()) {
      out.addAll(
          DownstreamEvaluation.evaluateAll(
              z,
              target,
              splits,
              settings.seeds(),
              settings.predictor(),
              seeds.child(target.name()),
              manager));
    }
    return out;
  }

  /** At most {@code limit} of {@code rows} (0: all), drawn without replacement, sorted. */
  static int[] sample(int[] rows, int limit, SplittableRandom rng) {
    if (limit <= 0 || rows.length <= limit) {
      return rows.clone();
    }
    int[] order = RandomArrays.permutation(rng, rows.length);
    return IntStream.range(0, limit).map(i -> rows[order[i]]).sorted().toArray();
  }
}
