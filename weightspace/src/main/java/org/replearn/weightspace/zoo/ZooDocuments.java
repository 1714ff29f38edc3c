package org.replearn.weightspace.zoo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.JsonFile;

/**
 * Reads {@code zoo.json} and {@code index.json} strictly: every field present and typed, closed
 * sets as enums, format versions this code knows, and ranges checked against the spec (model
 * indices, rows of a shard, metric names, shard names that match the model's batch and the row's
 * step), so a damaged or hand-edited file is refused naming the file, the field, the rule and the
 * value.
 */
final class ZooDocuments {
  private ZooDocuments() {}

  /** Largest LSTM dimension accepted (the official zoos use 32). */
  static final int MAX_DIM = 1 << 14;

  private static final Pattern SHARD =
      Pattern.compile("batch-(\\d{5,9})-step-(\\d{6,18})\\.safetensors");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final Map<String, String> FAMILIES =
      Map.of(
          ZooTasks.FORMAL_LANGUAGES, ZooTasks.FORMAL_LANGUAGES,
          ZooTasks.TILED_MNIST, ZooTasks.TILED_MNIST);

  /** The metric columns of each family, in shard order. */
  static List<String> metricNames(String family) {
    return family.equals(ZooTasks.FORMAL_LANGUAGES)
        ? List.of("accepted", "finished")
        : List.of("evalAccuracy", "trainLoss", "evalLoss", "generalizationGap");
  }

  /** Reads and checks {@code zoo.json}. */
  static ZooSpec spec(Path file) throws IOException {
    JsonFile.Node root = JsonFile.read(file).object();
    int version = root.get("formatVersion").intValue(Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (version != ZooSpec.FORMAT_VERSION) {
      throw new CorruptFileException(
          file,
          "formatVersion must be "
              + ZooSpec.FORMAT_VERSION
              + " (the zoo layout this code reads), found "
              + version);
    }
    root.only(
        Set.of(
            "formatVersion",
            "family",
            "taskSettings",
            "lstm",
            "recipe",
            "models",
            "batchModels",
            "seed",
            "metricNames",
            "software"));
    String family = root.get("family").oneOf(FAMILIES);
    Map<String, Object> settings = taskSettings(root.get("taskSettings"), family);
    JsonFile.Node l =
        root.get("lstm").only(Set.of("inputSize", "hiddenSize", "layers", "outputSize"));
    LstmSpec lstm =
        new LstmSpec(
            l.get("inputSize").intValue(1, MAX_DIM),
            l.get("hiddenSize").intValue(1, MAX_DIM),
            l.get("layers").intValue(1, 64),
            l.get("outputSize").intValue(1, MAX_DIM));
    long parameters = 0;
    long h = lstm.hiddenSize();
    for (int layer = 0; layer < lstm.layers(); layer++) {
      parameters += 4 * h * (lstm.layerInputSize(layer) + h + 2);
    }
    parameters += lstm.outputSize() * (h + 1);
    if (parameters > Integer.MAX_VALUE / 4) {
      throw l.error("must describe fewer than 2^29 parameters", parameters);
    }
    JsonFile.Node r = root.get("recipe").only(Set.of("batchSize", "checkpoints", "learningRates"));
    int batchSize = r.get("batchSize").intValue(1, 1 << 20);
    long[] checkpoints = r.get("checkpoints").longArray(0, 1L << 40);
    for (int i = 1; i < checkpoints.length; i++) {
      if (checkpoints[i] <= checkpoints[i - 1]) {
        throw r.get("checkpoints")
            .error("must be strictly increasing", java.util.Arrays.toString(checkpoints));
      }
    }
    if (checkpoints.length == 0) {
      throw r.get("checkpoints").error("must not be empty", "[]");
    }
    double[] rates = r.get("learningRates").doubleArray(Double.MIN_VALUE, 1e3);
    if (rates.length != 3) {
      throw r.get("learningRates").error("must hold 3 rates", rates.length);
    }
    int models = root.get("models").intValue(1, Integer.MAX_VALUE);
    int batchModels = root.get("batchModels").intValue(1, Integer.MAX_VALUE);
    long seed = root.get("seed").longValue(Long.MIN_VALUE, Long.MAX_VALUE);
    List<String> metrics = root.get("metricNames").textList();
    if (!metrics.equals(metricNames(family))) {
      throw root.get("metricNames")
          .error("must be " + metricNames(family) + " for " + family, metrics);
    }
    Map<String, String> software = root.get("software").textMap();
    try {
      return new ZooSpec(
          version,
          family,
          settings,
          lstm,
          new TrainingRecipe(batchSize, checkpoints, rates),
          models,
          batchModels,
          seed,
          metrics,
          software);
    } catch (InvalidInputException e) {
      throw new CorruptFileException(file, e.getMessage(), e);
    }
  }

  private static Map<String, Object> taskSettings(JsonFile.Node s, String family) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (family.equals(ZooTasks.FORMAL_LANGUAGES)) {
      s.only(
          Set.of(
              "sequenceLength",
              "maxN",
              "weightDecay",
              "evalSamples",
              "storedRollouts",
              "strictOrder",
              "taskAssignment"));
      out.put("sequenceLength", s.get("sequenceLength").intValue(2, 1 << 16));
      out.put("maxN", s.get("maxN").intValue(1, 1 << 16));
      out.put("weightDecay", s.get("weightDecay").doubleValue(0, 1e3));
      out.put("evalSamples", s.get("evalSamples").intValue(1, 1 << 24));
      out.put("storedRollouts", s.get("storedRollouts").intValue(0, 1 << 20));
      out.put("strictOrder", s.get("strictOrder").booleanValue());
      if (s.has("taskAssignment")) { // absent for the official random draw
        out.put(
            "taskAssignment",
            s.get("taskAssignment").oneOf(Map.of("random", "random", "covering", "covering")));
      }
    } else {
      s.only(Set.of("images", "evalBatches", "evalBatchSize", "storedRollouts"));
      out.put("images", s.get("images").intValue(1, 1 << 24));
      out.put("evalBatches", s.get("evalBatches").intValue(1, 1 << 20));
      out.put("evalBatchSize", s.get("evalBatchSize").intValue(1, 1 << 20));
      out.put("storedRollouts", s.get("storedRollouts").intValue(0, 1 << 20));
    }
    return out;
  }

  /** Reads and checks {@code index.json} against {@code spec}. */
  static ZooIndex index(Path file, ZooSpec spec) throws IOException {
    JsonFile.Node root = JsonFile.read(file).object();
    int version = root.get("formatVersion").intValue(Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (version != 1 && version != ZooIndex.FORMAT_VERSION) {
      throw new CorruptFileException(
          file,
          "formatVersion must be 1 or "
              + ZooIndex.FORMAT_VERSION
              + " (the index versions this code reads), found "
              + version);
    }
    root.only(
        version == 1 ? Set.of("formatVersion", "rows") : Set.of("formatVersion", "rows", "shards"));
    Set<String> metricNames = Set.copyOf(spec.metricNames());
    List<ZooIndex.Row> rows = new ArrayList<>();
    Set<String> shardRows = new HashSet<>();
    int taskLength = -1;
    ZooIndex.Row previous = null;
    for (JsonFile.Node n : root.get("rows").elements()) {
      n.only(Set.of("model", "task", "weightDecay", "step", "metrics", "shard", "row"));
      int model = n.get("model").intValue(0, spec.models() - 1);
      double[] task = n.get("task").doubleArray(-1e12, 1e12);
      if (taskLength >= 0 && task.length != taskLength) {
        throw n.get("task")
            .error("must have " + taskLength + " entries as the first row", task.length);
      }
      taskLength = task.length;
      double weightDecay = n.get("weightDecay").doubleValue(0, 1e3);
      long step = n.get("step").longValue(0, 1L << 40);
      Map<String, Double> metrics = new LinkedHashMap<>();
      JsonFile.Node m = n.get("metrics");
      for (String name : spec.metricNames()) {
        metrics.put(name, m.get(name).doubleOrNonFinite());
      }
      m.only(metricNames);
      JsonFile.Node shardNode = n.get("shard");
      String shard = shardNode.text();
      Matcher matcher = SHARD.matcher(shard);
      if (!matcher.matches()) {
        throw shardNode.error("must be a shard name batch-BBBBB-step-SSSSSS.safetensors", shard);
      }
      long batch = Long.parseLong(matcher.group(1));
      if (batch != model / spec.batchModels() || Long.parseLong(matcher.group(2)) != step) {
        throw shardNode.error(
            "must be "
                + ZooStore.shardName(model / spec.batchModels(), step)
                + " (batch of model "
                + model
                + ", step "
                + step
                + ")",
            shard);
      }
      int row = n.get("row").intValue(0, spec.batchModels() - 1);
      if (!shardRows.add(shard + "#" + row)) {
        throw n.get("row").error("must not repeat a row of shard " + shard, row);
      }
      ZooIndex.Row r = new ZooIndex.Row(model, task, weightDecay, step, metrics, shard, row);
      if (previous != null
          && (previous.model() > model || (previous.model() == model && previous.step() >= step))) {
        throw n.error(
            "must follow the previous row in (model, step) order without repeats",
            "("
                + model
                + ", "
                + step
                + ") after ("
                + previous.model()
                + ", "
                + previous.step()
                + ")");
      }
      previous = r;
      rows.add(r);
    }
    Map<String, String> shards = new LinkedHashMap<>();
    if (version >= 2) {
      JsonFile.Node s = root.get("shards");
      Set<String> named = new HashSet<>();
      rows.forEach(x -> named.add(x.shard()));
      for (Map.Entry<String, JsonFile.Node> e : s.fields().entrySet()) {
        if (!named.contains(e.getKey())) {
          throw e.getValue().error("must be the checksum of a shard the rows name", e.getKey());
        }
        String sha = e.getValue().text();
        if (!SHA256.matcher(sha).matches()) {
          throw e.getValue().error("must be a SHA-256 (64 lowercase hex digits)", sha);
        }
        shards.put(e.getKey(), sha);
      }
      for (String name : named) {
        if (!shards.containsKey(name)) {
          throw s.error("must hold the SHA-256 of every shard the rows name", "none for " + name);
        }
      }
    }
    return new ZooIndex(version, rows, shards);
  }
}
