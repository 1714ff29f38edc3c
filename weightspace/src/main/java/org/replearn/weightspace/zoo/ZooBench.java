package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.bench.MachineRoofline;
import org.replearn.core.bench.Roofline;
import org.replearn.core.bench.Spread;
import org.replearn.core.bench.WarmUp;
import org.replearn.core.bench.Work;
import org.replearn.core.engine.Seeds;

/**
 * Throughput of the zoo trainer on one task family: trains {@code models} models for {@code
 * updates} updates with one checkpoint evaluation after the last update, times the updates and the
 * evaluations apart, and extrapolates to the official recipe (20,001 updates and 9 checkpoint
 * evaluations per model). Each worker first trains untimed updates until its update rate is stable
 * ({@link WarmUp}: the JIT has compiled the kernel), then starts its models afresh and times every
 * update and the checkpoint evaluation; per-update times are reported as min / median / max with
 * the work of an update ({@link LstmWork}) and, given the machine's figures, its place under the
 * roofline.
 */
public final class ZooBench {
  private ZooBench() {}

  /**
   * Measured throughput.
   *
   * @param family task family id
   * @param models models trained at once (workers x M)
   * @param updates updates timed per worker (after the warm-up)
   * @param updateSeconds wall time of the timed updates (mean over workers, which run at once)
   * @param evaluations checkpoint evaluations timed
   * @param evaluationSeconds wall time of one checkpoint evaluation (workers evaluate at once)
   * @param modelStepsPerSecond model-updates per second under the official recipe, checkpoint
   *     evaluations included: M * 20001 / (20001 * t_update + 9 * t_eval)
   * @param trainingOnlyModelStepsPerSecond M * updates / updateSeconds
   * @param trainingModelStepsPerCpuSecond model-updates per CPU second of the worker threads (timed
   *     updates only): what one free core does, whatever the load of the machine
   * @param peakResidentBytes the process's peak resident memory (Linux VmHWM: Java heap and native
   *     PyTorch memory), or the peak Java heap seen where /proc is absent
   * @param updateMs min / median / max wall milliseconds of one update of all M models (one
   *     worker's updates; all workers' pooled)
   * @param warmupUpdates untimed updates per worker (largest over workers)
   * @param warmupSeconds their duration (largest over workers)
   * @param warmupStable whether every worker's warm-up ended on a stable rate
   * @param work one model-update's work ({@link LstmWork#perUpdate})
   * @param roofline one update of all workers' models (models x work, on workers threads) against
   *     the machine figures at the median update time, or null without them
   */
  public record Result(
      String family,
      int models,
      long updates,
      double updateSeconds,
      int evaluations,
      double evaluationSeconds,
      double modelStepsPerSecond,
      double trainingOnlyModelStepsPerSecond,
      double trainingModelStepsPerCpuSecond,
      long peakResidentBytes,
      Spread updateMs,
      long warmupUpdates,
      double warmupSeconds,
      boolean warmupStable,
      Work work,
      Roofline roofline) {

    /** Estimated hours for a zoo of {@code zooModels} under the official recipe. */
    public double hoursFor(int zooModels) {
      return zooModels * (double) TrainingRecipe.official().updates() / modelStepsPerSecond / 3600;
    }
  }

  /** Runs the benchmark on {@code task} with the official batch size and a 3 s warm-up. */
  public static Result run(ZooTask task, int models, long updates, long seed) throws IOException {
    return run(task, models, updates, seed, 1, WarmUp.forSeconds(3), null);
  }

  /** Thrown inside a worker's warm-up training once its rate is stable; ends that training. */
  private static final class WarmedUp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WarmedUp() {
      super(null, null, false, false);
    }
  }

  /** Most untimed updates a warm-up may run (its time limit ends it far sooner). */
  private static final long WARMUP_UPDATE_CAP = 10_000_000L;

  /**
   * Runs {@code workers} batches of {@code models} models at once, one per thread (as {@code
   * ZooGenerator} does with workers); the figures are for all workers together.
   *
   * @param updates timed updates per worker, after the warm-up
   * @param machine the machine figures for the roofline, or null
   */
  public static Result run(
      ZooTask task,
      int models,
      long updates,
      long seed,
      int workers,
      WarmUp warmUp,
      MachineRoofline machine)
      throws IOException {
    InvalidInputException.require(models >= 1, "models", "must be >= 1", models);
    InvalidInputException.require(updates >= 1, "updates", "must be >= 1", updates);
    InvalidInputException.require(workers >= 1, "workers", "must be >= 1", workers);
    TrainingRecipe official = TrainingRecipe.official();
    ZooTrainer warmTrainer =
        new ZooTrainer(task, official.withCheckpoints(new long[] {WARMUP_UPDATE_CAP}));
    ZooTrainer trainer = new ZooTrainer(task, official.withCheckpoints(new long[] {updates - 1}));
    AtomicLong updateNanos = new AtomicLong();
    AtomicLong timedUpdates = new AtomicLong();
    AtomicLong updateCpuNanos = new AtomicLong();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    AtomicLong evalNanos = new AtomicLong();
    AtomicLong evalCount = new AtomicLong();
    List<Double> updateMillis = Collections.synchronizedList(new ArrayList<>());
    List<WarmUp.Outcome> warmups = Collections.synchronizedList(new ArrayList<>());
    int[] sequenceSteps = new int[1];
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (Progress progress = Progress.start("bench " + task.id(), workers * models * updates)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        List<ZooMember> members = new ArrayList<>();
        Seeds seeds = new Seeds(seed);
        for (int i = 0; i < models; i++) {
          members.add(task.member(seeds, w * models + i));
        }
        if (w == 0) {
          sequenceSteps[0] =
              task.trainingData(members.get(0)).batch(0, official.batchSize()).steps();
        }
        futures.add(
            pool.submit(
                () -> {
                  try (NDManager manager = NDManager.newBaseManager()) {
                    WarmUp.Tracker tracker = warmUp.tracker();
                    try (Progress warming = Progress.start("warm-up " + task.id(), 0)) {
                      warmTrainer.train(
                          members,
                          manager,
                          null,
                          (step, weights, state, evaluation) -> {},
                          warming,
                          (phase, nanos) -> {
                            if (phase == ZooTrainer.Phase.UPDATE && tracker.record(nanos)) {
                              throw new WarmedUp();
                            }
                          });
                    } catch (WarmedUp done) {
                      // the rate is stable: time a fresh run below
                    }
                    warmups.add(tracker.outcome());
                    long[] lastCpu = {cpu.getCurrentThreadCpuTime()};
                    trainer.train(
                        members,
                        manager,
                        null,
                        (step, weights, state, evaluation) -> {},
                        progress,
                        (phase, nanos) -> {
                          // the timer runs on the worker thread right after each piece of work
                          long now = cpu.getCurrentThreadCpuTime();
                          long cpuNanos = now - lastCpu[0];
                          lastCpu[0] = now;
                          if (phase == ZooTrainer.Phase.EVALUATION) {
                            evalNanos.addAndGet(nanos);
                            evalCount.incrementAndGet();
                          } else {
                            updateNanos.addAndGet(nanos);
                            updateCpuNanos.addAndGet(cpuNanos);
                            timedUpdates.incrementAndGet();
                            updateMillis.add(nanos / 1e6);
                          }
                        });
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
          throw new IOException("benchmark worker failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // workers run at once: a worker's mean time per update (each of its M models once) and per
    // evaluation is the wall time of one update or evaluation of all workers
    double perEval = evalNanos.get() / 1e9 / Math.max(1, evalCount.get());
    double perUpdate = updateNanos.get() / 1e9 / timedUpdates.get();
    long timed = timedUpdates.get() / workers;
    double updateSeconds = perUpdate * timed;
    long officialUpdates = official.updates();
    int officialEvals = TrainingRecipe.OFFICIAL_CHECKPOINTS.length;
    int all = workers * models;
    double rate =
        all * (double) officialUpdates / (officialUpdates * perUpdate + officialEvals * perEval);
    Spread updateMs = Spread.of(updateMillis.stream().mapToDouble(Double::doubleValue).toArray());
    Work work = LstmWork.perUpdate(task.spec(), sequenceSteps[0], official.batchSize());
    return new Result(
        task.id(),
        all,
        timed,
        updateSeconds,
        (int) evalCount.get(),
        perEval,
        rate,
        all / perUpdate,
        models * (double) timedUpdates.get() / (updateCpuNanos.get() / 1e9),
        peakResident(),
        updateMs,
        warmups.stream().mapToLong(WarmUp.Outcome::steps).max().orElse(0),
        warmups.stream().mapToDouble(WarmUp.Outcome::seconds).max().orElse(0),
        warmups.stream().allMatch(o -> o.reason() == WarmUp.Reason.STABLE),
        work,
        machine == null
            ? null
            : Roofline.of(work.times(all), updateMs.median() / 1e3, machine, workers));
  }

  /** VmHWM of /proc/self/status in bytes, or 0 where unavailable. */
  static long peakResident() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
