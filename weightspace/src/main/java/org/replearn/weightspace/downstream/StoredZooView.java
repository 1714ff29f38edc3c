package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.replearn.weightspace.emulation.Splits;
import org.replearn.weightspace.emulation.UniformEmulationData;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.LstmSpec;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooSplit;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTasks;

/**
 * A zoo folder written by {@code replearn zoo generate} or {@code zoo import}, read into memory as
 * a {@link ZooView}: one row per index row (model, checkpoint), emulator inputs from the stored
 * rollouts (formal languages: one-hot tokens 0..40; MNIST: the 50 tiles), targets the softmax of
 * the stored outputs, the official by-task split ({@link ZooSplit}), and the official downstream
 * targets (formal languages: {@code task} 3-hot, {@code accuracy}, {@code step}; MNIST: {@code
 * angle}, {@code accuracy}, {@code step}, {@code generalization-gap}).
 */
public final class StoredZooView extends UniformEmulationData {
  private final boolean tokens;
  private final List<float[]> weights = new ArrayList<>();
  private final List<float[]> sequences = new ArrayList<>();
  private final List<float[]> outputs = new ArrayList<>();

  private StoredZooView(LstmSpec spec, boolean tokens, int steps, int rollouts) {
    super(spec, steps, rollouts);
    this.tokens = tokens;
  }

  /** Reads the zoo in {@code dir}. */
  public static ZooView open(Path dir, NDManager manager) throws IOException {
    ZooStore store = new ZooStore(dir);
    ZooSpec spec = store.readSpec();
    ZooIndex index = store.readIndex();
    boolean fl = ZooTasks.FORMAL_LANGUAGES.equals(spec.family());
    List<ZooIndex.Row> rows = index.rows();
    org.replearn.core.InvalidInputException.require(
        !rows.isEmpty(), "zoo", "must hold checkpoints", dir);
    Map<String, Map<String, float[]>> shards = new HashMap<>();
    StoredZooView zoo = null;
    for (ZooIndex.Row row : rows) {
      Map<String, float[]> shard = shards.get(row.shard());
      if (shard == null) {
        shard = new HashMap<>();
        try (NDManager scope = manager.newSubManager()) {
          Map<String, NDArray> t = store.readShard(row.shard(), scope);
          long[] seqShape = t.get("sequences").getShape().getShape();
          long[] outShape = t.get("outputs").getShape().getShape();
          if (zoo == null) {
            zoo = new StoredZooView(spec.lstm(), fl, (int) outShape[2], (int) outShape[1]);
          }
          shard.put("weights", t.get("weights").toType(DataType.FLOAT32, false).toFloatArray());
          shard.put("sequences", t.get("sequences").toType(DataType.FLOAT32, false).toFloatArray());
          shard.put("outputs", t.get("outputs").toType(DataType.FLOAT32, false).toFloatArray());
          shard.put(
              "seqWidth",
              new float[] {
                seqShape[1] * (seqShape.length > 3 ? seqShape[2] * seqShape[3] : seqShape[2])
              });
        }
        shards.put(row.shard(), shard);
      }
      int p = spec.lstm().parameterCount();
      int seqWidth = (int) shard.get("seqWidth")[0];
      int outWidth = zoo.rolloutsPerRow() * zoo.steps() * spec.lstm().outputSize();
      int i = row.row();
      zoo.weights.add(java.util.Arrays.copyOfRange(shard.get("weights"), i * p, (i + 1) * p));
      zoo.sequences.add(
          java.util.Arrays.copyOfRange(shard.get("sequences"), i * seqWidth, (i + 1) * seqWidth));
      zoo.outputs.add(
          java.util.Arrays.copyOfRange(shard.get("outputs"), i * outWidth, (i + 1) * outWidth));
    }
    return zoo.view(spec, index, fl);
  }

  private ZooView view(ZooSpec zooSpec, ZooIndex index, boolean fl) throws IOException {
    List<ZooIndex.Row> rows = index.rows();
    int n = rows.size();
    Map<Integer, ZooSplit.Part> parts = officialParts(zooSpec, index, fl, false);
    Map<Integer, ZooSplit.Part> downstreamParts = officialParts(zooSpec, index, fl, true);
    List<Long> stepList = index.steps();
    Map<List<Double>, Integer> taskIds = new HashMap<>();
    int[] taskOfRow = new int[n];
    double[][] step = new double[n][1];
    for (int r = 0; r < n; r++) {
      List<Double> key = java.util.Arrays.stream(rows.get(r).task()).boxed().toList();
      taskOfRow[r] = taskIds.computeIfAbsent(key, k -> taskIds.size());
      step[r][0] = stepList.indexOf(rows.get(r).step());
    }
    List<DownstreamTarget> targets = new ArrayList<>();
    if (fl) {
      int samples = ((FormalLanguageZoo) ZooTasks.fromSpec(zooSpec, null)).evalSamples();
      double[][] task = new double[n][3];
      double[][] accuracy = new double[n][1];
      for (int r = 0; r < n; r++) {
        for (int f = 0; f < 3; f++) {
          task[r][f] = rows.get(r).task()[f + 1] + 3;
        }
        accuracy[r][0] = rows.get(r).metrics().get("accepted") / samples;
      }
      targets.add(new DownstreamTarget("task", TargetKind.MULTI_HOT, new int[] {6, 6, 6}, task));
      targets.add(new DownstreamTarget("accuracy", TargetKind.SCALAR, new int[] {1}, accuracy));
    } else {
      targets.add(scalar("angle", rows, r -> r.task()[0]));
      targets.add(scalar("accuracy", rows, r -> r.metrics().get("evalAccuracy")));
      targets.add(scalar("generalization-gap", rows, r -> r.metrics().get("generalizationGap")));
    }
    targets.add(new DownstreamTarget("step", TargetKind.CLASS, new int[] {stepList.size()}, step));
    Splits splits = splitsOf(rows, parts);
    return new ZooView(
        zooSpec.family()
            + " zoo: "
            + index.modelCount()
            + " models x "
            + stepList.size()
            + " checkpoints",
        this,
        splits,
        splitsOf(rows, downstreamParts),
        taskOfRow,
        targets);
  }

  /**
   * The official split of the models (formal languages by task entropy, MNIST by angle; ratios 0.15
   * / 0.15), with {@code oodHalfIntoTrain} the downstream split (numpy seed 2).
   */
  private static Map<Integer, ZooSplit.Part> officialParts(
      ZooSpec zooSpec, ZooIndex index, boolean fl, boolean oodHalfIntoTrain) throws IOException {
    return fl
        ? ZooSplit.byModel(index, ZooTasks.fromSpec(zooSpec, null), oodHalfIntoTrain)
        : ZooSplit.byModel(index, t -> t[0], 0.15, 0.15, oodHalfIntoTrain);
  }

  private static Splits splitsOf(List<ZooIndex.Row> rows, Map<Integer, ZooSplit.Part> parts) {
    return new Splits(
        rowsOf(rows, parts, ZooSplit.Part.TRAIN),
        rowsOf(rows, parts, ZooSplit.Part.VALIDATION),
        rowsOf(rows, parts, ZooSplit.Part.OOD));
  }

  private static DownstreamTarget scalar(
      String name,
      List<ZooIndex.Row> rows,
      java.util.function.ToDoubleFunction<ZooIndex.Row> value) {
    double[][] v = new double[rows.size()][1];
    for (int r = 0; r < rows.size(); r++) {
      v[r][0] = value.applyAsDouble(rows.get(r));
    }
    return new DownstreamTarget(name, TargetKind.SCALAR, new int[] {1}, v);
  }

  private static int[] rowsOf(
      List<ZooIndex.Row> rows, Map<Integer, ZooSplit.Part> parts, ZooSplit.Part part) {
    return IntStream.range(0, rows.size())
        .filter(r -> parts.get(rows.get(r).model()) == part)
        .toArray();
  }

  @Override
  public int rowCount() {
    return weights.size();
  }

  @Override
  public float[] weights(int row) {
    return weights.get(row);
  }

  @Override
  public float[] inputs(int row, int rollout) {
    int x = layout().inputSize();
    int steps = steps();
    float[] seq = sequences.get(row);
    if (tokens) {
      int length = seq.length / rolloutsPerRow();
      float[] oneHot = new float[steps * x];
      for (int t = 0; t < steps; t++) {
        oneHot[t * x + (int) seq[rollout * length + t]] = 1;
      }
      return oneHot;
    }
    return java.util.Arrays.copyOfRange(seq, rollout * steps * x, (rollout + 1) * steps * x);
  }

  @Override
  public float[] targets(int row, int rollout) {
    int y = layout().outputSize();
    int steps = steps();
    float[] out = outputs.get(row);
    float[] p = new float[steps * y];
    for (int t = 0; t < steps; t++) {
      int base = (rollout * steps + t) * y;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < y; j++) {
        max = Math.max(max, out[base + j]);
      }
      double sum = 0;
      for (int j = 0; j < y; j++) {
        sum += Math.exp(out[base + j] - max);
      }
      for (int j = 0; j < y; j++) {
        p[t * y + j] = (float) (Math.exp(out[base + j] - max) / sum);
      }
    }
    return p;
  }
}
