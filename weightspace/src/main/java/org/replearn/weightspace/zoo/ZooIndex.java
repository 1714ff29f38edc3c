package org.replearn.weightspace.zoo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The zoo's index ({@code index.json}): one row per stored checkpoint, and the SHA-256 of every
 * shard the rows name.
 *
 * @param formatVersion {@link #FORMAT_VERSION} (version 1, written before shard checksums, is still
 *     read)
 * @param rows sorted by model, then step
 * @param shards shard file name to the SHA-256 (64 lowercase hex digits) of its bytes; filled in by
 *     {@link ZooStore#writeIndex} for the shards it wrote
 */
public record ZooIndex(int formatVersion, List<Row> rows, Map<String, String> shards) {

  /** Version of {@code index.json} written by this code (2: with shard checksums). */
  public static final int FORMAT_VERSION = 2;

  public ZooIndex {
    rows = List.copyOf(rows);
    shards = Collections.unmodifiableMap(new TreeMap<>(shards)); // sorted: a byte-stable file
  }

  /** An index without checksums (they are added when it is written). */
  public ZooIndex(int formatVersion, List<Row> rows) {
    this(formatVersion, rows, Map.of());
  }

  /**
   * One checkpoint of one model.
   *
   * @param model global model index
   * @param task the model's task vector
   * @param weightDecay the model's weight decay
   * @param step the update after which it was taken
   * @param metrics metric name to value
   * @param shard shard file name under {@code shards/}
   * @param row row of the model in the shard's tensors
   */
  public record Row(
      int model,
      double[] task,
      double weightDecay,
      long step,
      Map<String, Double> metrics,
      String shard,
      int row) {}

  /** An index of {@code rows}, sorted by (model, step). */
  public static ZooIndex of(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingInt(Row::model).thenComparingLong(Row::step));
    return new ZooIndex(FORMAT_VERSION, sorted, Map.of());
  }

  /** The same rows with the given shard checksums. */
  public ZooIndex withShards(Map<String, String> sha256) {
    return new ZooIndex(FORMAT_VERSION, rows, sha256);
  }

  /** Distinct shard names, sorted. */
  public List<String> shardNames() {
    return rows.stream().map(Row::shard).distinct().sorted().toList();
  }

  /** The rows stored in shard {@code name}. */
  public List<Row> rowsOf(String name) {
    return rows.stream().filter(r -> r.shard().equals(name)).toList();
  }

  /** Distinct model indices. */
  public long modelCount() {
    return rows.stream().mapToInt(Row::model).distinct().count();
  }

  /** Distinct checkpoint steps, ascending. */
  public List<Long> steps() {
    return rows.stream().map(Row::step).distinct().sorted().toList();
  }
}
