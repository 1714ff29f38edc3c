package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.engine.Seeds;

/**
 * Throughput of the zoo trainer on one task family: trains {@code models} models for {@code
 * updates} updates with one checkpoint evaluation after the last update, times the updates and the
 * evaluations apart, and extrapolates to the official recipe (20,001 updates and 9 checkpoint
 * evaluations per model). The first third of the updates warms up the JIT compiler and is not
 * timed: in a real zoo it is a few seconds out of hours.
 */
public final class ZooBench {
  private ZooBench() {}

  /**
   * Measured throughput.
   *
   * @param family task family id
   * @param models models trained at once (workers x M)
   * @param updates updates timed (after the warm-up)
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
      long peakResidentBytes) {

    /** Estimated hours for a zoo of {@code zooModels} under the official recipe. */
    public double hoursFor(int zooModels) {
      return zooModels * (double) TrainingRecipe.official().updates() / modelStepsPerSecond / 3600;
    }
  }

  /** Runs the benchmark on {@code task} with the official batch size. */
  public static Result run(ZooTask task, int models, long updates, long seed) throws IOException {
    return run(task, models, updates, seed, 1);
  }

  /**
   * Runs {@code workers} batches of {@code models} models at once, one per thread (as {@code
   * ZooGenerator} does with workers); the figures are for all workers together.
   */
  public static Result run(ZooTask task, int models, long updates, long seed, int workers)
      throws IOException {
    InvalidInputException.require(models >= 1, "models", "must be >= 1", models);
    InvalidInputException.require(updates >= 3, "updates", "must be >= 3", updates);
    InvalidInputException.require(workers >= 1, "workers", "must be >= 1", workers);
    TrainingRecipe recipe = TrainingRecipe.official().withCheckpoints(new long[] {updates - 1});
    ZooTrainer trainer = new ZooTrainer(task, recipe);
    long warmup = updates / 3;
    AtomicLong updateNanos = new AtomicLong();
    AtomicLong timedUpdates = new AtomicLong();
    AtomicLong updateCpuNanos = new AtomicLong();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    AtomicLong evalNanos = new AtomicLong();
    AtomicLong evalCount = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (Progress progress = Progress.start("bench " + task.id(), workers * models * updates)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        List<ZooMember> members = new ArrayList<>();
        Seeds seeds = new Seeds(seed);
        for (int i = 0; i < models; i++) {
          members.add(task.member(seeds, w * models + i));
        }
        futures.add(
            pool.submit(
                () -> {
                  long[] seen = {0};
                  long[] lastCpu = {cpu.getCurrentThreadCpuTime()};
                  try (NDManager manager = NDManager.newBaseManager()) {
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
                          } else if (seen[0]++ >= warmup) {
                            updateNanos.addAndGet(nanos);
                            updateCpuNanos.addAndGet(cpuNanos);
                            timedUpdates.incrementAndGet();
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
    long officialUpdates = TrainingRecipe.official().updates();
    int officialEvals = TrainingRecipe.OFFICIAL_CHECKPOINTS.length;
    int all = workers * models;
    double rate =
        all * (double) officialUpdates / (officialUpdates * perUpdate + officialEvals * perEval);
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
        peakResident());
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
