package org.replearn.weightspace.zoo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The zoo's index ({@code index.json}): one row per stored checkpoint.
 *
 * @param formatVersion {@link ZooSpec#FORMAT_VERSION}
 * @param rows sorted by model, then step
 */
public record ZooIndex(int formatVersion, List<Row> rows) {

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
    return new ZooIndex(ZooSpec.FORMAT_VERSION, List.copyOf(sorted));
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
