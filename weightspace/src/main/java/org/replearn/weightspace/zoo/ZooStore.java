package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.Json;
import org.replearn.core.io.Safetensors;

/**
 * A zoo folder on disk.
 *
 * <pre>
 *   zoo.json                             {@link ZooSpec}
 *   index.json                           {@link ZooIndex}: one row per (model, checkpoint)
 *   shards/batch-BBBBB-step-SSSSSS.safetensors   one model batch at one checkpoint:
 *       weights    [M, P] float32 flat weights, official order
 *       sequences  [M, R, ...] stored rollout inputs (formal languages: uint8 tokens [M, R, 42];
 *                  tiled MNIST: float16 tiles [M, R, 50, 16])
 *       outputs    [M, R, T, Y] float16 (formal languages: log-softmax; MNIST: raw logits)
 *       metrics    [M, K] float64, columns as zoo.json's metricNames
 *       models     [M] int32 global model indices
 *       tasks      [M, D] float64 task vectors
 *       weightDecays [M] float64
 *   state/batch-BBBBB.safetensors        resume point of a batch: weights, AdamW moments m.i, v.i,
 *                                        and step [1] int64 (the last completed checkpoint)
 * </pre>
 *
 * Every file is written atomically (temporary name, then rename).
 */
public final class ZooStore {
  /** Spec file name. */
  public static final String SPEC = "zoo.json";

  /** Index file name. */
  public static final String INDEX = "index.json";

  private final Path dir;

  public ZooStore(Path dir) {
    this.dir = dir;
  }

  /** The folder. */
  public Path dir() {
    return dir;
  }

  /** Shard file name of batch {@code b} at checkpoint {@code step}. */
  public static String shardName(int b, long step) {
    return String.format("batch-%05d-step-%06d.safetensors", b, step);
  }

  /** Path of a shard by name. */
  public Path shard(String name) {
    return dir.resolve("shards").resolve(name);
  }

  private Path state(int b) {
    return dir.resolve("state").resolve(String.format("batch-%05d.safetensors", b));
  }

  /** Writes the spec. */
  public void writeSpec(ZooSpec spec) throws IOException {
    Files.createDirectories(dir);
    Json.write(dir.resolve(SPEC), spec);
  }

  /** Reads and checks the spec. */
  public ZooSpec readSpec() throws IOException {
    Path file = dir.resolve(SPEC);
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no zoo spec (is " + dir + " a zoo folder?)");
    }
    ZooSpec spec;
    try {
      spec = Json.mapper().readValue(file.toFile(), ZooSpec.class);
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException(file, "not a valid zoo spec (" + e.getMessage() + ")", e);
    }
    if (spec.formatVersion() != ZooSpec.FORMAT_VERSION) {
      throw new CorruptFileException(
          file,
          "format version " + spec.formatVersion() + ", this code reads " + ZooSpec.FORMAT_VERSION);
    }
    return spec;
  }

  /** Writes the index. */
  public void writeIndex(ZooIndex index) throws IOException {
    Json.write(dir.resolve(INDEX), index);
  }

  /** Reads the index (an empty one if there is none yet). */
  public ZooIndex readIndex() throws IOException {
    Path file = dir.resolve(INDEX);
    if (!Files.isRegularFile(file)) {
      return ZooIndex.of(List.of());
    }
    try {
      return Json.mapper().readValue(file.toFile(), ZooIndex.class);
    } catch (IOException | RuntimeException e) {
      throw new CorruptFileException(file, "not a valid zoo index (" + e.getMessage() + ")", e);
    }
  }

  /** Writes one shard and returns its index rows. */
  public List<ZooIndex.Row> writeShard(
      ZooSpec spec,
      int b,
      long step,
      List<ZooMember> members,
      NDArray weights,
      ZooTask.Evaluation evaluation)
      throws IOException {
    NDManager m = weights.getManager();
    int count = members.size();
    int k = spec.metricNames().size();
    int d = members.get(0).task().length;
    double[] metrics = new double[count * k];
    int[] ids = new int[count];
    double[] tasks = new double[count * d];
    double[] decays = new double[count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(evaluation.metrics()[i], 0, metrics, i * k, k);
      ids[i] = members.get(i).index();
      System.arraycopy(members.get(i).task(), 0, tasks, i * d, d);
      decays[i] = members.get(i).weightDecay();
    }
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    tensors.put("weights", weights);
    tensors.put("sequences", evaluation.sequences());
    tensors.put("outputs", evaluation.outputs());
    tensors.put("metrics", m.create(metrics, new Shape(count, k)));
    tensors.put("models", m.create(ids));
    tensors.put("tasks", m.create(tasks, new Shape(count, d)));
    tensors.put("weightDecays", m.create(decays));
    String name = shardName(b, step);
    Files.createDirectories(shard(name).getParent());
    Safetensors.write(shard(name), tensors);
    List<ZooIndex.Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Double> named = new LinkedHashMap<>();
      for (int j = 0; j < k; j++) {
        named.put(spec.metricNames().get(j), evaluation.metrics()[i][j]);
      }
      ZooMember member = members.get(i);
      rows.add(
          new ZooIndex.Row(
              member.index(), member.task(), member.weightDecay(), step, named, name, i));
    }
    return rows;
  }

  /** Reads a shard's tensors into {@code manager}, checking the arrays every shard must have. */
  public Map<String, NDArray> readShard(String name, NDManager manager) throws IOException {
    Path file = shard(name);
    Map<String, NDArray> t = Safetensors.read(file, manager);
    for (String key :
        List.of("weights", "sequences", "outputs", "metrics", "models", "tasks", "weightDecays")) {
      if (!t.containsKey(key)) {
        throw new CorruptFileException(file, "shard has no tensor '" + key + "'");
      }
    }
    return t;
  }

  /** Saves the resume point of batch {@code b} after checkpoint {@code step}. */
  public void writeState(int b, long step, NDArray weights, List<NDArray> optimiserState)
      throws IOException {
    Map<String, NDArray> t = new LinkedHashMap<>();
    t.put("weights", weights);
    int n = optimiserState.size() / 2;
    for (int i = 0; i < optimiserState.size(); i++) {
      t.put((i < n ? "m." : "v.") + (i % n), optimiserState.get(i));
    }
    t.put("step", weights.getManager().create(new long[] {step}));
    Files.createDirectories(state(b).getParent());
    Safetensors.write(state(b), t);
  }

  /** The resume point of batch {@code b}, or null if it has none. */
  public ZooTrainer.Resume readState(int b, int parameterTensors, NDManager manager)
      throws IOException {
    Path file = state(b);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, NDArray> t = Safetensors.read(file, manager);
    List<NDArray> moments = new ArrayList<>();
    for (String prefix : List.of("m.", "v.")) {
      for (int i = 0; i < parameterTensors; i++) {
        NDArray a = t.get(prefix + i);
        if (a == null) {
          throw new CorruptFileException(file, "state has no tensor '" + prefix + i + "'");
        }
        moments.add(a);
      }
    }
    if (!t.containsKey("weights") || !t.containsKey("step")) {
      throw new CorruptFileException(file, "state needs 'weights' and 'step'");
    }
    return new ZooTrainer.Resume(t.get("step").toLongArray()[0], t.get("weights"), moments);
  }
}
