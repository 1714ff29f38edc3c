package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.FileChecks;
import org.replearn.core.io.Json;
import org.replearn.core.io.JsonFile;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;
import org.replearn.core.io.NpyReader;
import org.replearn.core.run.StagedFolder;

/**
 * The official zoo layout (Zenodo record 10835106, written by the official {@code
 * dataset_creation_*.py} scripts): one folder of .npy files with one row per checkpoint.
 *
 * <pre>
 * formal languages: sequences.npy int16 (N,100,42)   logits.npy float16 (N,100,41,6) log-softmax
 *                   parameters.npy float32 (N,13766) num_step_correct.npy int64 (N,3) [run, step,
 *                   accepted] tasks.npy int64 (N,4)   args.json
 * tiled MNIST:      sequences.npy float16 (N,100,50,16) logits.npy float16 (N,100,50,10) raw
 *                   parameters.npy float32 (N,15178) num_step.npy int64 (N,2) [run, step]
 *                   accuracy_losses.npy float64 (N,4) [eval acc, train loss, eval loss, wd]
 *                   tasks.npy float64 (N,1) angle    args.json
 * </pre>
 *
 * Import: a new model starts where the run index changes or the step does not increase (the run
 * index restarts in merged runs). Export writes rows model-major (model, then step), as the
 * official scripts do, with the global model index as run index.
 */
public final class OfficialZoo {
  private OfficialZoo() {}

  /** Models per shard when importing. */
  public static final int IMPORT_BATCH = 100;

  /** What an import read. */
  public record ImportResult(ZooSpec spec, int rows, int models) {}

  /**
   * Reads the official folder {@code from} into a new zoo at {@code store}. The zoo is written into
   * a temporary sibling folder and renamed into place only when complete, so a failed import leaves
   * nothing a later command could take for a zoo.
   *
   * @throws CorruptFileException naming the official file, the rule and the value when a file has
   *     another type or shape than the official layout, steps that are not official checkpoints or
   *     do not increase within a run, token values outside the vocabulary, or a non-UTF-8 or
   *     non-object {@code args.json}
   * @throws InvalidInputException if {@code from} holds no official zoo or the target is not a new
   *     or empty folder
   */
  public static ImportResult importFrom(Path from, ZooStore store) throws IOException {
    boolean fl = Files.isRegularFile(from.resolve("num_step_correct.npy"));
    boolean mnist = Files.isRegularFile(from.resolve("accuracy_losses.npy"));
    InvalidInputException.require(
        fl || mnist,
        "from",
        "must hold an official zoo (num_step_correct.npy or accuracy_losses.npy)",
        from);
    return StagedFolder.write(
        store.dir(), "store", dir -> importInto(from, new ZooStore(dir), fl, mnist));
  }

  private static ImportResult importInto(Path from, ZooStore store, boolean fl, boolean mnist)
      throws IOException {
    LstmSpec lstm = fl ? LstmSpec.formalLanguages() : LstmSpec.tiledMnist();
    Path stepsFile = from.resolve(fl ? "num_step_correct.npy" : "num_step.npy");
    long[][] runSteps = readLongRows(stepsFile, fl ? 3 : 2);
    int n = runSteps.length;
    InvalidInputException.require(n > 0, stepsFile.toString(), "must hold at least one row", 0);
    Path tasksFile = from.resolve("tasks.npy");
    double[][] tasks =
        fl ? toDouble(readLongRows(tasksFile, 4), tasksFile, n) : readDoubleRows(tasksFile, n, 1);
    double[][] accuracy = mnist ? readDoubleRows(from.resolve("accuracy_losses.npy"), n, 4) : null;
    int[] model = modelsOf(stepsFile, runSteps, fl);
    int models = model[n - 1] + 1;
    List<String> metricNames =
        fl
            ? new FormalLanguageZoo(42, 10, 1e-4, 1000, 100, false).metricNames()
            : List.of("evalAccuracy", "trainLoss", "evalLoss", "generalizationGap");
    Map<String, Object> settings = new LinkedHashMap<>();
    if (fl) {
      settings.putAll(ZooTasks.settings(FormalLanguageZoo.official()));
    } else {
      settings.put("images", 60_000);
      settings.put("evalBatches", 13);
      settings.put("evalBatchSize", 1000);
      settings.put("storedRollouts", 100);
    }
    Map<String, String> software = new LinkedHashMap<>();
    software.put("source", "official");
    software.put("importedFrom", from.toAbsolutePath().toString());
    Path args = from.resolve("args.json");
    if (Files.isRegularFile(args)) {
      JsonFile.read(args).object(); // UTF-8, one JSON object
      software.put(
          "args", new String(FileChecks.readAllBytes(args), StandardCharsets.UTF_8).strip());
    }
    ZooSpec spec =
        new ZooSpec(
            ZooSpec.FORMAT_VERSION,
            fl ? ZooTasks.FORMAL_LANGUAGES : ZooTasks.TILED_MNIST,
            settings,
            lstm,
            TrainingRecipe.official(),
            models,
            IMPORT_BATCH,
            -1,
            metricNames,
            software);
    store.writeSpec(spec);
    // group rows by (model batch, step) into shards
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = ZooStore.shardName(model[i] / IMPORT_BATCH, runSteps[i][1]);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
    }
    List<ZooIndex.Row> rows = new ArrayList<>();
    try (NpyReader params = Npy.open(from.resolve("parameters.npy"));
        NpyReader sequences = Npy.open(from.resolve("sequences.npy"));
        NpyReader logits = Npy.open(from.resolve("logits.npy"));
        NDManager manager = NDManager.newBaseManager()) {
      checkRows(from.resolve("parameters.npy"), params, n, lstm.parameterCount());
      checkRows(from.resolve("sequences.npy"), sequences, n, -1);
      checkRows(from.resolve("logits.npy"), logits, n, -1);
      long rollouts =
          sequences.header().shape().dimension() > 1 ? sequences.header().shape().get(1) : -1;
      int steps = fl ? FormalLanguage.OFFICIAL_LENGTH : TiledMnist.STEPS;
      checkLayout(
          from.resolve("parameters.npy"), params, DataType.FLOAT32, n, lstm.parameterCount());
      checkLayout(
          from.resolve("sequences.npy"),
          sequences,
          fl ? DataType.INT16 : DataType.FLOAT16,
          fl
              ? new long[] {n, rollouts, steps}
              : new long[] {n, rollouts, steps, TiledMnist.TILE_PIXELS});
      checkLayout(
          from.resolve("logits.npy"),
          logits,
          DataType.FLOAT16,
          n,
          rollouts,
          fl ? steps - 1 : steps,
          lstm.outputSize());
      for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
        List<Integer> idx = g.getValue();
        try (NDManager scope = manager.newSubManager()) {
          List<ZooMember> members = new ArrayList<>();
          double[][] metrics = new double[idx.size()][];
          NDArray[] w = new NDArray[idx.size()];
          NDArray[] s = new NDArray[idx.size()];
          NDArray[] o = new NDArray[idx.size()];
          for (int j = 0; j < idx.size(); j++) {
            int i = idx.get(j);
            double wd = mnist ? accuracy[i][3] : 1e-4;
            members.add(
                new ZooMember(model[i], tasks[i], wd, new org.replearn.core.engine.Seeds(-1)));
            metrics[j] =
                fl
                    ? new double[] {runSteps[i][2], Double.NaN}
                    : new double[] {
                      accuracy[i][0],
                      accuracy[i][1],
                      accuracy[i][2],
                      accuracy[i][2] - accuracy[i][1]
                    };
            w[j] = params.rows(i, i + 1, scope);
            NDArray seq = sequences.rows(i, i + 1, scope);
            if (fl) {
              checkTokens(
                  from.resolve("sequences.npy"),
                  i,
                  sequences.rows(i, i + 1).toIntArray(),
                  lstm.inputSize());
            }
            s[j] = fl ? seq.toType(DataType.UINT8, false) : seq;
            o[j] = logits.rows(i, i + 1, scope);
          }
          NDArray weights = concat(w);
          ZooTask.Evaluation evaluation = new ZooTask.Evaluation(metrics, concat(s), concat(o));
          String name = g.getKey();
          int batch = Integer.parseInt(name.substring(6, 11));
          long step = runSteps[idx.get(0)][1];
          rows.addAll(store.writeShard(spec, batch, step, members, weights, evaluation));
        }
      }
    }
    store.writeIndex(ZooIndex.of(rows));
    return new ImportResult(spec, n, models);
  }

  private static NDArray concat(NDArray[] parts) {
    return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
  }

  private static void checkRows(Path file, NpyReader r, int n, int cols) {
    Shape s = r.header().shape();
    if (s.dimension() == 0
        || s.get(0) != n
        || (cols > 0 && (s.dimension() != 2 || s.get(1) != cols))) {
      throw new CorruptFileException(
          file, "shape " + s + ", expected " + n + " rows" + (cols > 0 ? " of " + cols : ""));
    }
  }

  /** The dtype and shape the official {@code dataset_creation_*.py} scripts write for a file. */
  private static void checkLayout(Path file, NpyReader r, DataType type, long... shape) {
    Shape s = r.header().shape();
    if (r.header().dataType() != type || !s.equals(new Shape(shape))) {
      throw new CorruptFileException(
          file,
          r.header().dataType()
              + " "
              + s
              + ", expected "
              + type
              + " "
              + new Shape(shape)
              + " (official layout)");
    }
  }

  /**
   * Model index of every row: a new model starts where the run index changes or, within one run
   * index (merged runs restart it), where the step falls back to the first checkpoint. Steps must
   * be official checkpoints and increase within a model.
   */
  private static int[] modelsOf(Path file, long[][] runSteps, boolean fl) {
    long first = Long.MAX_VALUE;
    for (int i = 0; i < runSteps.length; i++) {
      if (runSteps[i][0] < 0 || runSteps[i][1] < 0 || (fl && runSteps[i][2] < 0)) {
        throw new CorruptFileException(
            file,
            "row "
                + i
                + ": run index, step"
                + (fl ? " and accepted count" : "")
                + " must be >= 0, found "
                + java.util.Arrays.toString(runSteps[i]));
      }
      first = Math.min(first, runSteps[i][1]);
    }
    int[] model = new int[runSteps.length];
    int models = 0;
    for (int i = 0; i < runSteps.length; i++) {
      long run = runSteps[i][0];
      long step = runSteps[i][1];
      boolean sameRun = i > 0 && run == runSteps[i - 1][0];
      boolean continues = sameRun && step > runSteps[i - 1][1];
      if (sameRun && !continues && step != first) {
        throw new CorruptFileException(
            file,
            "row "
                + i
                + ": steps of run "
                + run
                + " must increase (or restart at the first checkpoint "
                + first
                + " for a merged run), found "
                + step
                + " after "
                + runSteps[i - 1][1]);
      }
      models += continues ? 0 : 1;
      model[i] = models - 1;
    }
    return model;
  }

  private static void checkTokens(Path file, int row, int[] tokens, int vocabulary) {
    for (int k = 0; k < tokens.length; k++) {
      if (tokens[k] < 0 || tokens[k] >= vocabulary) {
        throw new CorruptFileException(
            file,
            "row "
                + row
                + " element "
                + k
                + ": token must be in [0, "
                + (vocabulary - 1)
                + "], found "
                + tokens[k]);
      }
    }
  }

  /** An integer matrix [rows, cols] (int64 or int32, as the official scripts write). */
  private static long[][] readLongRows(Path file, int cols) throws IOException {
    NpyArray a = Npy.read(file);
    if (a.shape().dimension() != 2
        || a.shape().get(1) != cols
        || (a.dataType() != DataType.INT64 && a.dataType() != DataType.INT32)) {
      throw new CorruptFileException(
          file,
          "must be an int64 [rows, "
              + cols
              + "] matrix (official layout), found "
              + a.dataType()
              + " "
              + a.shape());
    }
    int rows = Math.toIntExact(a.shape().get(0));
    long[] flat = a.toLongArray();
    long[][] out = new long[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * cols, out[i], 0, cols);
    }
    return out;
  }

  private static double[][] toDouble(long[][] rows, Path file, int n) {
    if (rows.length != n) {
      throw new CorruptFileException(file, "must have " + n + " rows, found " + rows.length);
    }
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      out[i] = java.util.Arrays.stream(rows[i]).asDoubleStream().toArray();
    }
    return out;
  }

  private static double[][] readDoubleRows(Path file, int n, int cols) throws IOException {
    NpyArray a = Npy.read(file);
    if (a.shape().dimension() != 2
        || a.shape().get(0) != n
        || a.shape().get(1) != cols
        || a.dataType() != DataType.FLOAT64) {
      throw new CorruptFileException(
          file,
          "must be a float64 ("
              + n
              + ", "
              + cols
              + ") matrix (official layout), found "
              + a.dataType()
              + " "
              + a.shape());
    }
    double[] flat = a.toDoubleArray();
    double[][] out = new double[n][cols];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * cols, out[i], 0, cols);
    }
    return out;
  }

  /** Writes the zoo at {@code store} in the official layout into {@code to}. */
  public static int exportTo(ZooStore store, Path to) throws IOException {
    ZooSpec spec = store.readSpec();
    ZooIndex index = store.readIndex();
    boolean fl = spec.family().equals(ZooTasks.FORMAL_LANGUAGES);
    // rows model-major (as the official scripts write them), grouped by model batch so that only
    // one batch's shards are held at a time
    Map<String, List<ZooIndex.Row>> rowsByBatch = new java.util.TreeMap<>();
    for (ZooIndex.Row r : index.rows()) {
      rowsByBatch.computeIfAbsent(r.shard().substring(0, 11), k -> new ArrayList<>()).add(r);
    }
    List<String> shards =
        index.rows().stream().map(ZooIndex.Row::shard).distinct().sorted().toList();
    int n = index.rows().size();
    InvalidInputException.require(n > 0, "zoo", "must hold checkpoints to export", store.dir());
    Files.createDirectories(to);
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, NDArray> first = store.readShard(shards.get(0), manager);
      Shape seqShape = first.get("sequences").getShape().slice(1);
      Shape outShape = first.get("outputs").getShape().slice(1);
      int p = spec.lstm().parameterCount();
      streamTensor(
          store,
          rowsByBatch,
          to.resolve("parameters.npy"),
          DataType.FLOAT32,
          new Shape(n, p),
          "weights");
      streamTensor(
          store,
          rowsByBatch,
          to.resolve("sequences.npy"),
          fl ? DataType.INT16 : DataType.FLOAT16,
          new Shape(n).addAll(seqShape),
          "sequences");
      streamTensor(
          store,
          rowsByBatch,
          to.resolve("logits.npy"),
          DataType.FLOAT16,
          new Shape(n).addAll(outShape),
          "outputs");
    }
    List<ZooIndex.Row> ordered = new ArrayList<>();
    rowsByBatch.values().forEach(ordered::addAll);
    int d = ordered.get(0).task().length;
    if (fl) {
      long[] nsc = new long[n * 3];
      long[] tasks = new long[n * d];
      for (int i = 0; i < n; i++) {
        ZooIndex.Row r = ordered.get(i);
        nsc[3 * i] = r.model();
        nsc[3 * i + 1] = r.step();
        nsc[3 * i + 2] = Math.round(r.metrics().get("accepted"));
        for (int j = 0; j < d; j++) {
          tasks[i * d + j] = Math.round(r.task()[j]);
        }
      }
      Npy.write(to.resolve("num_step_correct.npy"), NpyArray.of(nsc, new Shape(n, 3)));
      Npy.write(to.resolve("tasks.npy"), NpyArray.of(tasks, new Shape(n, d)));
    } else {
      long[] ns = new long[n * 2];
      double[] acc = new double[n * 4];
      double[] tasks = new double[n * d];
      for (int i = 0; i < n; i++) {
        ZooIndex.Row r = ordered.get(i);
        ns[2 * i] = r.model();
        ns[2 * i + 1] = r.step();
        acc[4 * i] = r.metrics().get("evalAccuracy");
        acc[4 * i + 1] = r.metrics().get("trainLoss");
        acc[4 * i + 2] = r.metrics().get("evalLoss");
        acc[4 * i + 3] = r.weightDecay();
        System.arraycopy(r.task(), 0, tasks, i * d, d);
      }
      Npy.write(to.resolve("num_step.npy"), NpyArray.of(ns, new Shape(n, 2)));
      Npy.write(to.resolve("accuracy_losses.npy"), NpyArray.of(acc, new Shape(n, 4)));
      Npy.write(to.resolve("tasks.npy"), NpyArray.of(tasks, new Shape(n, d)));
    }
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("seed", spec.seed());
    args.put("rnn_hidden_size", spec.lstm().hiddenSize());
    args.put("rnn_num_layers", spec.lstm().layers());
    args.put("num_training_runs", spec.models());
    if (fl) {
      args.put("num_tokens", FormalLanguageZoo.LETTERS);
      args.put("sequence_length", spec.taskSettings().get("sequenceLength"));
      args.put("max_n", spec.taskSettings().get("maxN"));
      args.put("one_hot_input", 1);
    } else {
      args.put("tile_size", TiledMnist.TILE);
    }
    args.put("exported_by", "replearn");
    Json.write(to.resolve("args.json"), args);
    return n;
  }

  /** Streams one tensor of every row, batch by batch, into an npy file of type {@code type}. */
  private static void streamTensor(
      ZooStore store,
      Map<String, List<ZooIndex.Row>> rowsByBatch,
      Path target,
      DataType type,
      Shape shape,
      String key)
      throws IOException {
    Npy.write(
        target,
        type,
        shape,
        out -> {
          for (List<ZooIndex.Row> rows : rowsByBatch.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
              Map<String, NDArray> byShard = new java.util.HashMap<>();
              for (ZooIndex.Row r : rows) {
                NDArray all = byShard.get(r.shard());
                if (all == null) {
                  all = store.readShard(r.shard(), m).get(key);
                  byShard.put(r.shard(), all);
                }
                out.put(asNpy(all.get(r.row()), type));
              }
            }
          }
        });
  }

  private static NpyArray asNpy(NDArray a, DataType type) {
    if (type == DataType.INT16) {
      int[] v = a.toType(DataType.INT32, false).toIntArray();
      ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int x : v) {
        b.putShort((short) x);
      }
      b.flip();
      return new NpyArray(DataType.INT16, a.getShape(), b);
    }
    return NpyArray.of(a.toType(type, false));
  }
}
