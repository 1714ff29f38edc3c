package org.replearn.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.replearn.core.io.Json;
import org.replearn.weightspace.emulation.EmulationRun;

/**
 * The files of one grid run in the shared output folder, and their exchange with the task's local
 * run folder. While a run trains, each checkpoint is published as {@code checkpoint-<step>} before
 * {@code best.safetensors} and {@code state.json}, so a resumed attempt always finds the checkpoint
 * that {@code state.json} names. A finished run holds exactly the files of a one-machine {@code
 * encode train} folder ({@code run.json}, {@code state.json}, {@code best.safetensors}, {@code
 * checkpoint.safetensors}), plus {@code result.json} (written last: the run is done) and, after the
 * evaluation stage, {@code evaluation.json}.
 */
final class GridRunFiles {
  /** Written last by the training task: the run is finished. */
  static final String RESULT = "result.json";

  /** Written by the evaluation task. */
  static final String EVALUATION = "evaluation.json";

  private final ClusterFolder out;
  private final String folder;

  /** The step whose checkpoint this attempt published or restored last, -1 for none. */
  private long published = -1;

  GridRunFiles(ClusterFolder out, String folder) {
    this.out = out;
    this.folder = folder;
  }

  boolean has(String name) throws IOException {
    return out.exists(folder + "/" + name);
  }

  byte[] read(String name) throws IOException {
    return out.read(folder + "/" + name);
  }

  void write(String name, byte[] bytes) throws IOException {
    out.write(folder + "/" + name, bytes);
  }

  /** Publishes the checkpoint the local folder holds after {@code step}. */
  void publishCheckpoint(Path local, long step) throws IOException {
    upload(local, EmulationRun.FILE, EmulationRun.FILE);
    upload(local, EmulationRun.CHECKPOINT, checkpointAt(step));
    upload(local, EmulationRun.BEST, EmulationRun.BEST);
    upload(local, EmulationRun.STATE, EmulationRun.STATE);
    if (published >= 0 && published != step) {
      out.delete(folder + "/" + checkpointAt(published)); // state.json no longer names it
    }
    published = step;
  }

  /** Publishes the finished run under the one-machine names and drops the step checkpoints. */
  void publishFinished(Path local, long step, byte[] result) throws IOException {
    publishCheckpoint(local, step);
    upload(local, EmulationRun.CHECKPOINT, EmulationRun.CHECKPOINT);
    out.delete(folder + "/" + checkpointAt(step));
    write(RESULT, result);
  }

  /**
   * Copies the last published checkpoint into {@code local}.
   *
   * @return whether there was one (the run resumes from it)
   */
  boolean restore(Path local) throws IOException {
    if (!has(EmulationRun.STATE)) {
      return false;
    }
    Map<?, ?> state = Json.mapper().readValue(read(EmulationRun.STATE), Map.class);
    long step = ((Number) state.get("step")).longValue();
    if (!has(checkpointAt(step))) {
      return false;
    }
    Files.write(local.resolve(EmulationRun.FILE), read(EmulationRun.FILE));
    Files.write(local.resolve(EmulationRun.STATE), read(EmulationRun.STATE));
    Files.write(local.resolve(EmulationRun.CHECKPOINT), read(checkpointAt(step)));
    if (has(EmulationRun.BEST)) {
      Files.write(local.resolve(EmulationRun.BEST), read(EmulationRun.BEST));
    }
    published = step;
    return true;
  }

  /** Copies what an evaluation needs (run description and best parameters) into {@code local}. */
  void fetchBest(Path local) throws IOException {
    Files.write(local.resolve(EmulationRun.FILE), read(EmulationRun.FILE));
    Files.write(local.resolve(EmulationRun.BEST), read(EmulationRun.BEST));
  }

  private void upload(Path local, String name, String target) throws IOException {
    out.upload(local.resolve(name), folder + "/" + target);
  }

  private static String checkpointAt(long step) {
    return String.format("checkpoint-%09d.safetensors", step);
  }
}
