package org.replearn.weightspace.zoo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.InvalidInputException;

/**
 * The versioned description of a zoo folder ({@code zoo.json}): task family and its settings, the
 * model shape, the training recipe, how many models in batches of what size, the seed, and the
 * software that made it.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param family task family id ("formal-languages" or "tiled-mnist")
 * @param taskSettings the family's settings (see {@link ZooTasks})
 * @param lstm the model shape
 * @param recipe training settings
 * @param models number of models N
 * @param batchModels models trained at once (M); batch b holds models [b M, min(N, (b+1) M))
 * @param seed zoo seed: model n uses child n
 * @param metricNames checkpoint metrics, in shard column order
 * @param software versions of replearn, DJL and the engine ({@code source: "official"} for an
 *     imported zoo)
 */
public record ZooSpec(
    int formatVersion,
    String family,
    Map<String, Object> taskSettings,
    LstmSpec lstm,
    TrainingRecipe recipe,
    int models,
    int batchModels,
    long seed,
    List<String> metricNames,
    Map<String, String> software) {

  /** Version of the zoo folder layout written by this code. */
  public static final int FORMAT_VERSION = 1;

  public ZooSpec {
    InvalidInputException.require(models >= 1, "models", "must be >= 1", models);
    InvalidInputException.require(batchModels >= 1, "batchModels", "must be >= 1", batchModels);
    // insertion order kept (Map.copyOf iterates in an order that changes from JVM to JVM, which
    // made zoo.json differ byte for byte between two runs writing the same spec)
    taskSettings = Collections.unmodifiableMap(new LinkedHashMap<>(taskSettings));
    metricNames = List.copyOf(metricNames);
    software = Collections.unmodifiableMap(new LinkedHashMap<>(software));
  }

  /** Number of model batches, ceil(N / M). */
  public int batches() {
    return (models + batchModels - 1) / batchModels;
  }

  /** The global model indices of batch {@code b}. */
  public int[] batchMembers(int b) {
    int from = b * batchModels;
    int to = Math.min(models, from + batchModels);
    return java.util.stream.IntStream.range(from, to).toArray();
  }
}
