package org.replearn.weightspace.downstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replearn.core.io.Json;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTask;
import org.replearn.weightspace.zoo.ZooTasks;

/**
 * A zoo generated once by the zoo package and kept in the data cache, in {@code
 * <cache>/zoos/<family>-<key>} where the key is a hash of everything that defines it (task
 * settings, recipe, model count, seed). A later call with the same definition reuses it; an
 * interrupted generation is resumed.
 */
public final class CachedZoo {
  private CachedZoo() {}

  /** Models trained side by side in one batched program. */
  private static final int BATCH_MODELS = 24;

  /**
   * What one call did.
   *
   * @param dir the zoo folder
   * @param generation batches trained in this call (a batch resumed from its state counts) and
   *     batches found complete
   * @param seconds wall time of this call
   * @param cpuSeconds CPU time of the whole process during this call (all threads)
   */
  public record Generated(
      Path dir, ZooGenerator.Result generation, double seconds, double cpuSeconds) {}

  /**
   * Generates the zoo (two workers, each one model batch) unless the cache already holds it.
   *
   * @return the zoo folder and what this call trained, with its wall and CPU time
   */
  public static Generated generate(
      Path cacheDir, ZooTask task, TrainingRecipe recipe, int models, long seed)
      throws IOException {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("family", task.id());
    definition.put("settings", ZooTasks.settings(task));
    definition.put("recipe", recipe);
    definition.put("models", models);
    definition.put("batchModels", BATCH_MODELS);
    definition.put("seed", seed);
    Path dir = cacheDir.resolve("zoos").resolve(task.id() + "-" + key(definition));
    ZooStore store = new ZooStore(dir);
    boolean exists = Files.exists(dir.resolve(ZooStore.SPEC));
    ZooSpec spec =
        exists ? store.readSpec() : ZooGenerator.newSpec(task, recipe, models, BATCH_MODELS, seed);
    long wall0 = System.nanoTime();
    long cpu0 = processCpuNanos();
    ZooGenerator.Result generation =
        ZooGenerator.generate(store, task, spec, exists, (b, s) -> {}, 2);
    return new Generated(
        dir, generation, (System.nanoTime() - wall0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
  }

  /** CPU time of this JVM so far, all threads (0 where the JVM does not report it). */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  /** First 16 hex digits of the SHA-256 of the definition's JSON. */
  static String key(Map<String, Object> definition) {
    try {
      byte[] json = Json.compact(definition).getBytes(StandardCharsets.UTF_8);
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
