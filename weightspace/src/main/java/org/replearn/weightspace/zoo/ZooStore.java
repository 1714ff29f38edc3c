package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.FileChecks;
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

  /** SHA-256 of the shards written or read through this store (an index records them). */
  private final Map<String, String> checksums = new ConcurrentHashMap<>();

  private volatile ZooIndex known;
  private volatile Map<String, List<ZooIndex.Row>> rowsByShard = Map.of();
  private volatile ZooSpec spec;

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

  /**
   * Reads and checks the spec: every field present and typed, a known format version and family,
   * the family's metric names.
   *
   * @throws CorruptFileException naming {@code zoo.json}, the field, the rule and the value
   */
  public ZooSpec readSpec() throws IOException {
    Path file = dir.resolve(SPEC);
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no zoo spec (is " + dir + " a zoo folder?)");
    }
    return ZooDocuments.spec(file);
  }

  /** Writes the index, with the SHA-256 of every shard its rows name. */
  public void writeIndex(ZooIndex index) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    for (String name : index.shardNames()) {
      String sum = index.shards().get(name);
      if (sum == null) {
        sum = checksums.get(name);
      }
      if (sum == null) {
        sum = FileChecks.sha256(shard(name));
        checksums.put(name, sum);
      }
      sums.put(name, sum);
    }
    ZooIndex full = index.withShards(sums);
    Json.write(dir.resolve(INDEX), full);
    remember(full);
  }

  /**
   * Reads and checks the index against the spec (an empty one if there is none yet): field types,
   * model indices, rows of shards, (model, step) order without repeats, shard names and checksums.
   *
   * @throws CorruptFileException naming {@code index.json}, the field, the rule and the value
   */
  public ZooIndex readIndex() throws IOException {
    Path file = dir.resolve(INDEX);
    if (!Files.isRegularFile(file)) {
      return ZooIndex.of(List.of());
    }
    ZooIndex index = ZooDocuments.index(file, readSpec());
    checksums.putAll(index.shards());
    remember(index);
    return index;
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
    checksums.put(name, FileChecks.sha256(shard(name)));
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

  /**
   * Reads a shard's tensors into {@code manager}, after checking its SHA-256 against the index, the
   * types and shapes every shard must have, and that each index row naming it lies within it and
   * names the model the shard stores there.
   *
   * @throws CorruptFileException naming the shard, the rule and the value
   */
  public Map<String, NDArray> readShard(String name, NDManager manager) throws IOException {
    Path file = shard(name);
    ZooIndex index = knownIndex();
    String expected = checksums.get(name);
    if (expected != null) {
      String found = FileChecks.sha256(file);
      if (!found.equals(expected)) {
        throw new CorruptFileException(
            file, "SHA-256 must be " + expected + " as index.json records, found " + found);
      }
    }
    Map<String, NDArray> t = Safetensors.read(file, manager);
    ShardLayout.check(
        file,
        t,
        knownSpec(),
        index == null ? List.of() : rowsByShard.getOrDefault(name, List.of()));
    return t;
  }

  /**
   * Checks the whole zoo: spec, index, and every shard (checksum, layout, rows).
   *
   * @return what was checked
   * @throws CorruptFileException naming the first file at fault
   */
  public Verification verify() throws IOException {
    ZooSpec spec = readSpec();
    ZooIndex index = readIndex();
    long bytes = 0;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (String name : index.shardNames()) {
        try (NDManager scope = manager.newSubManager()) {
          readShard(name, scope);
          bytes += Files.size(shard(name));
        }
      }
    }
    return new Verification(
        spec.family(),
        index.rows().size(),
        index.shardNames().size(),
        bytes,
        index.formatVersion() >= 2);
  }

  /**
   * What {@link #verify()} checked.
   *
   * @param family the task family
   * @param rows index rows
   * @param shards shard files read and checked
   * @param bytes their total size
   * @param checksums whether the index holds shard checksums (format version 2; version 1 has none)
   */
  public record Verification(String family, int rows, int shards, long bytes, boolean checksums) {}

  private void remember(ZooIndex index) {
    Map<String, List<ZooIndex.Row>> byShard = new java.util.HashMap<>();
    for (ZooIndex.Row r : index.rows()) {
      byShard.computeIfAbsent(r.shard(), k -> new ArrayList<>()).add(r);
    }
    rowsByShard = byShard;
    known = index;
  }

  private ZooIndex knownIndex() throws IOException {
    if (known == null && Files.isRegularFile(dir.resolve(INDEX))) {
      readIndex();
    }
    return known;
  }

  private ZooSpec knownSpec() throws IOException {
    if (spec == null) {
      spec = readSpec();
    }
    return spec;
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
    if (!t.containsKey("weights") || !t.containsKey("step")) {
      throw new CorruptFileException(
          file, "state needs tensors 'weights' and 'step', found " + t.keySet());
    }
    NDArray stepTensor = t.get("step");
    if (stepTensor.getDataType() != DataType.INT64 || stepTensor.size() != 1) {
      throw new CorruptFileException(
          file,
          "tensor 'step' must be int64 [1], found "
              + stepTensor.getDataType()
              + " "
              + stepTensor.getShape());
    }
    long step = stepTensor.toLongArray()[0];
    if (step < 0) {
      throw new CorruptFileException(file, "tensor 'step' must be >= 0, found " + step);
    }
    NDArray w = t.get("weights");
    if (w.getDataType() != DataType.FLOAT32 || w.getShape().dimension() != 2) {
      throw new CorruptFileException(
          file,
          "tensor 'weights' must be float32 [models, parameters], found "
              + w.getDataType()
              + " "
              + w.getShape());
    }
    List<NDArray> moments = new ArrayList<>();
    for (String prefix : List.of("m.", "v.")) {
      for (int i = 0; i < parameterTensors; i++) {
        NDArray a = t.get(prefix + i);
        if (a == null) {
          throw new CorruptFileException(file, "state has no tensor '" + prefix + i + "'");
        }
        if (a.getDataType() != DataType.FLOAT32 || a.getShape().get(0) != w.getShape().get(0)) {
          throw new CorruptFileException(
              file,
              "tensor '"
                  + prefix
                  + i
                  + "' must be float32 with "
                  + w.getShape().get(0)
                  + " rows, found "
                  + a.getDataType()
                  + " "
                  + a.getShape());
        }
        moments.add(a);
      }
    }
    return new ZooTrainer.Resume(step, w, moments);
  }
}
