package org.replearn.multiview.train;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.Json;
import org.replearn.core.io.JsonFile;
import org.replearn.core.io.Safetensors;
import org.replearn.core.train.AdamW;

/**
 * The state of a training run after a whole epoch: {@code checkpoint.json} (this record) and the
 * tensors it names, {@code checkpoint-<epoch>.safetensors} ({@code param.i}: model parameters,
 * {@code adam.i}: AdamW moments). The tensors are written first and the JSON last (both
 * atomically), so a crash leaves the previous checkpoint valid.
 *
 * @param lossName loss name
 * @param config trainer settings (epochs may grow on resume)
 * @param objects training objects
 * @param epochsDone epochs finished
 * @param loss values of the steps done
 * @param monitorSteps steps with a monitor M3G so far
 * @param monitorM3g monitor values so far
 * @param seconds training wall time so far
 * @param optimiserSteps AdamW step count
 */
record TrainingCheckpoint(
    String lossName,
    MultiViewTrainer.Config config,
    int objects,
    int epochsDone,
    double[] loss,
    int[] monitorSteps,
    double[] monitorM3g,
    double seconds,
    long optimiserSteps) {

  static final String FILE = "checkpoint.json";

  static String tensorFile(int epochsDone) {
    return "checkpoint-" + epochsDone + ".safetensors";
  }

  static void save(Path dir, TrainingCheckpoint c, MultiViewModel model, AdamW optimiser)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    List<NDArray> params = model.state();
    for (int i = 0; i < params.size(); i++) {
      tensors.put("param." + i, params.get(i));
    }
    List<NDArray> state = optimiser.state();
    for (int i = 0; i < state.size(); i++) {
      tensors.put("adam." + i, state.get(i));
    }
    Safetensors.write(dir.resolve(tensorFile(c.epochsDone())), tensors);
    Json.write(dir.resolve(FILE), c);
    deleteOtherTensorFiles(dir, tensorFile(c.epochsDone()));
  }

  /**
   * Deletes every tensor file but {@code kept}: not only the previous epoch's, since a run killed
   * after writing {@link #FILE} and before this deletion leaves one behind, which the resumed run
   * (starting an epoch later) would otherwise never remove.
   */
  private static void deleteOtherTensorFiles(Path dir, String kept) throws IOException {
    List<Path> stale;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      stale =
          files
              .filter(f -> f.getFileName().toString().matches("checkpoint-[0-9]+\\.safetensors"))
              .filter(f -> !f.getFileName().toString().equals(kept))
              .toList();
    }
    for (Path f : stale) {
      Files.deleteIfExists(f);
    }
  }

  /**
   * Restores the model and optimiser from a compatible checkpoint in {@code dir}.
   *
   * @return the checkpoint, or null when there is none or it belongs to other settings
   */
  static TrainingCheckpoint restore(
      Path dir,
      String lossName,
      MultiViewTrainer.Config config,
      int objects,
      MultiViewModel model,
      AdamW optimiser)
      throws IOException {
    Path json = dir.resolve(FILE);
    if (!Files.isRegularFile(json)) {
      return null;
    }
    TrainingCheckpoint c;
    try {
      c = JsonFile.bind(json, TrainingCheckpoint.class);
    } catch (CorruptFileException e) {
      throw e;
    } catch (org.replearn.core.InvalidInputException e) { // the record's own checks
      throw new CorruptFileException(json, e.getMessage(), e);
    }
    MultiViewTrainer.Config saved = c.config();
    boolean compatible =
        c.lossName().equals(lossName)
            && c.objects() == objects
            && saved.views() == config.views()
            && saved.batch() == config.batch()
            && saved.learningRate() == config.learningRate()
            && saved.weightDecay() == config.weightDecay()
            && saved.monitorEvery() == config.monitorEvery()
            && saved.monitorEpsilon() == config.monitorEpsilon()
            && c.epochsDone() <= config.epochs();
    if (!compatible) {
      return null;
    }
    Path tensors = dir.resolve(tensorFile(c.epochsDone()));
    Map<String, NDArray> t = Safetensors.read(tensors, model.manager());
    List<NDArray> params = model.state();
    int trainable = model.parameters().size();
    List<NDArray> state = new ArrayList<>();
    try {
      for (int i = 0; i < params.size(); i++) {
        NDArray saved0 = t.get("param." + i);
        if (saved0 == null || !saved0.getShape().equals(params.get(i).getShape())) {
          throw new CorruptFileException(
              tensors, "param." + i + " is missing or has another shape");
        }
        params.get(i).set(saved0.toFloatArray());
      }
      for (int i = 0; i < 2 * trainable; i++) {
        NDArray a = t.get("adam." + i);
        if (a == null) {
          throw new CorruptFileException(tensors, "adam." + i + " is missing");
        }
        state.add(a);
      }
      optimiser.restore(state, c.optimiserSteps());
    } finally {
      t.values().forEach(NDArray::close);
    }
    return c;
  }
}
