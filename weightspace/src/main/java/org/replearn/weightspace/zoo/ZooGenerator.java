package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
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
    boolean exists = Files.exists(store.dir().resolve(ZooStore.SPEC));
    if (resume) {
      InvalidInputException.require(
          exists, "--resume", "needs an existing zoo folder", store.dir());
    } else {
      InvalidInputException.require(
          !exists, "--out", "already holds a zoo (use --resume to continue it)", store.dir());
      store.writeSpec(spec);
    }
    List<ZooIndex.Row> rows = new ArrayList<>(resume ? store.readIndex().rows() : List.of());
    TrainingRecipe recipe = spec.recipe();
    long last = recipe.checkpoints()[recipe.checkpoints().length - 1];
    ZooTrainer trainer = new ZooTrainer(task, recipe);
    int trained = 0;
    int skipped = 0;
    int tensors = spec.lstm().slots().size();
    try (Progress progress =
            Progress.start("zoo " + spec.family(), (long) spec.models() * recipe.updates());
        NDManager manager = NDManager.newBaseManager()) {
      for (int b = 0; b < spec.batches(); b++) {
        List<ZooMember> members = members(task, spec, b);
        try (NDManager batchScope = manager.newSubManager()) {
          ZooTrainer.Resume state = resume ? store.readState(b, tensors, batchScope) : null;
          long done = state == null ? -1 : state.step();
          if (done == last) {
            skipped++;
            progress.step(members.size() * recipe.updates());
            continue;
          }
          progress.step(members.size() * (done + 1));
          final int batch = b;
          rows.removeIf(
              r -> members.stream().anyMatch(m -> m.index() == r.model()) && r.step() > done);
          trainer.train(
              members,
              batchScope,
              state,
              (step, weights, moments, evaluation) -> {
                rows.addAll(store.writeShard(spec, batch, step, members, weights, evaluation));
                store.writeIndex(ZooIndex.of(rows));
                store.writeState(batch, step, weights, moments);
                listener.afterCheckpoint(batch, step);
              },
              progress);
          trained++;
        }
      }
    }
    return new Result(spec, trained, skipped, rows.size());
  }
}
