package org.replearn.spark;

import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;

/** Where the zoo job keeps its files in the output folder, relative to it. */
final class ZooLayout {
  private ZooLayout() {}

  /** The spec of an unfinished job; a rerun must ask for the same zoo. */
  static final String JOB_SPEC = ClusterFolder.JOB_DIR + "/zoo-job.json";

  /** A shard, as {@link ZooStore} names it. */
  static String shard(int batch, long step) {
    return "shards/" + ZooStore.shardName(batch, step);
  }

  /** The index rows and shard checksums of a finished batch, written after all its shards. */
  static String rows(int batch) {
    return ClusterFolder.JOB_DIR + String.format("/rows/batch-%05d.json", batch);
  }

  /** Whether batch {@code batch} is complete: every shard and then its rows file exist. */
  static boolean complete(ClusterFolder out, ZooSpec spec, int batch) throws java.io.IOException {
    if (!out.exists(rows(batch))) {
      return false;
    }
    for (long step : spec.recipe().checkpoints()) {
      if (!out.exists(shard(batch, step))) {
        return false;
      }
    }
    return true;
  }
}
