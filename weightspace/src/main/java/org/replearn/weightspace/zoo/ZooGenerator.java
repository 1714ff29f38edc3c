package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.concurrent.Futures;
import org.replearn.core.engine.EngineInfo;
import org.replearn.core.engine.Seeds;

/**
 * Generates a zoo into a {@link ZooStore}: model batch after model batch, each trained by {@link
 * ZooTrainer}, writing a shard, the index and the batch's resume point at every checkpoint.
 *
 * <p>Resumable: started again with {@code resume}, it skips finished batches and continues each
 * other batch from its last completed checkpoint. Because every random draw is a function of (zoo
 * seed, model, purpose, update) and the saved state is exact, the resumed zoo equals an
 * uninterrupted one tensor for tensor.
 */
public final class ZooGenerator {
  private ZooGenerator() {}

  /** Called after each checkpoint is durably written (tests use it to simulate a crash). */
  @FunctionalInterface
  public interface Listener {
    void afterCheckpoint(int batch, long step) throws IOException;
  }

  /** What a generation did. */
  public record Result(ZooSpec spec, int batchesTrained, int batchesSkipped, int rows) {}

  /** The spec of a new zoo of {@code task}. */
  public static ZooSpec newSpec(
      ZooTask task, TrainingRecipe recipe, int models, int batchModels, long seed) {
    return new ZooSpec(
        ZooSpec.FORMAT_VERSION,
        task.id(),
        ZooTasks.settings(task),
        task.spec(),
        recipe,
        models,
        Math.min(batchModels, models),
        seed,
        task.metricNames(),
        EngineInfo.current().asMap());
  }

  /** The members of batch {@code b}. */
  public static List<ZooMember> members(ZooTask task, ZooSpec spec, int b) {
    List<ZooMember> members = new ArrayList<>();
    Seeds seeds = new Seeds(spec.seed());
    for (int n : spec.batchMembers(b)) {
      members.add(task.member(seeds, n));
    }
    return members;
  }

  /**
   * Generates (or, with {@code resume}, completes) the zoo of {@code spec} in {@code store}.
   *
   * @param spec for a new zoo, from {@link #newSpec}; when resuming, the spec read from the store
   */
  public static Result generate(
      ZooStore store, ZooTask task, ZooSpec spec, boolean resume, Listener listener)
      throws IOException {
    return generate(store, task, spec, resume, listener, 1);
  }

  /**
   * As {@link #generate(ZooStore, ZooTask, ZooSpec, boolean, Listener)} with {@code workers} model
   * batches training at once, each on its own thread (use one PyTorch intra-op thread per worker).
   * The result does not depend on {@code workers}.
   */
  public static Result generate(
      ZooStore store, ZooTask task, ZooSpec spec, boolean resume, Listener listener, int workers)
      throws IOException {
    InvalidInputException.require(workers >= 1, "workers", "must be >= 1", workers);
    boolean exists = Files.exists(store.dir().resolve(ZooStore.SPEC));
    if (resume) {
      InvalidInputException.require(exists, "resume", "needs an existing zoo folder", store.dir());
    } else {
      InvalidInputException.require(
          !exists,
          "store",
          "already holds a zoo (generate with resume to continue it)",
          store.dir());
      store.writeSpec(spec);
    }
    List<ZooIndex.Row> rows = new ArrayList<>(resume ? store.readIndex().rows() : List.of());
    TrainingRecipe recipe = spec.recipe();
    long last = recipe.checkpoints()[recipe.checkpoints().length - 1];
    ZooTrainer trainer = new ZooTrainer(task, recipe);
    AtomicInteger trained = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    int tensors = spec.lstm().slots().size();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    AtomicBoolean failed = new AtomicBoolean();
    try (Progress shared =
        Progress.start("zoo " + spec.family(), (long) spec.models() * recipe.updates())) {
      Progress progress = synchronizedProgress(shared);
      List<Future<?>> futures = new ArrayList<>();
      for (int b = 0; b < spec.batches(); b++) {
        final int batch = b;
        futures.add(
            pool.submit(
                () -> {
                  if (failed.get()) {
                    return null; // a batch failed: start no new ones
                  }
                  try {
                    trainBatch(
                        store, task, spec, resume, listener, rows, trainer, batch, tensors, last,
                        progress, trained, skipped);
                  } catch (IOException | RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                  }
                  return null;
                }));
      }
      // wait for every batch before reporting a failure, so no worker writes after we return
      IOException ioFailure = null;
      RuntimeException runtimeFailure = null;
      for (Future<?> f : futures) {
        try {
          Futures.await(f);
        } catch (IOException e) {
          ioFailure = ioFailure == null ? e : ioFailure;
        } catch (RuntimeException e) {
          runtimeFailure = runtimeFailure == null ? e : runtimeFailure;
        }
      }
      if (runtimeFailure != null) {
        throw runtimeFailure;
      }
      if (ioFailure != null) {
        throw ioFailure;
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(spec, trained.get(), skipped.get(), rows.size());
  }

  private static void trainBatch(
      ZooStore store,
      ZooTask task,
      ZooSpec spec,
      boolean resume,
      Listener listener,
      List<ZooIndex.Row> rows,
      ZooTrainer trainer,
      int batch,
      int tensors,
      long last,
      Progress progress,
      AtomicInteger trained,
      AtomicInteger skipped)
      throws IOException {
    List<ZooMember> members = members(task, spec, batch);
    long updates = spec.recipe().updates();
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooTrainer.Resume state = resume ? store.readState(batch, tensors, manager) : null;
      long done = state == null ? -1 : state.step();
      if (done == last) {
        skipped.incrementAndGet();
        progress.step(members.size() * updates);
        return;
      }
      progress.step(members.size() * (done + 1));
      synchronized (rows) {
        rows.removeIf(
            r -> members.stream().anyMatch(m -> m.index() == r.model()) && r.step() > done);
      }
      trainer.train(
          members,
          manager,
          state,
          (step, weights, moments, evaluation) -> {
            List<ZooIndex.Row> written =
                store.writeShard(spec, batch, step, members, weights, evaluation);
            synchronized (rows) {
              rows.addAll(written);
              store.writeIndex(ZooIndex.of(rows));
              store.writeState(batch, step, weights, moments);
              listener.afterCheckpoint(batch, step);
            }
          },
          progress);
      trained.incrementAndGet();
    }
  }

  /** A progress tracker safe to call from several workers. */
  private static Progress synchronizedProgress(Progress p) {
    return new Progress() {
      @Override
      public synchronized void step(long n) {
        p.step(n);
      }

      @Override
      public synchronized void status(String text) {
        p.status(text);
      }

      @Override
      public void close() {}
    };
  }
}
