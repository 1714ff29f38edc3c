package org.replearn.spark;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.util.LongAccumulator;
import org.replearn.core.Progress;
import org.replearn.core.data.DataCache;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.Split;
import org.replearn.core.io.FileChecks;
import org.replearn.core.io.Json;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooIndex;
import org.replearn.weightspace.zoo.ZooMember;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooTask;
import org.replearn.weightspace.zoo.ZooTasks;
import org.replearn.weightspace.zoo.ZooTrainer;

/**
 * One task of the zoo job, run on an executor: trains model batch b with the one-machine trainer
 * ({@link ZooTrainer}, the members of {@link ZooGenerator#members}) and publishes each checkpoint
 * shard, written by {@link ZooStore} into a scratch folder, to the output folder through a
 * temporary name; after the last shard it publishes the batch's index rows. A batch whose shards
 * and rows are all there is skipped; an incomplete one is trained again from update 0, which gives
 * the same bytes.
 */
final class ZooBatchTask implements VoidFunction<Integer> {
  private static final long serialVersionUID = 1L;

  /** Counters the driver reads after the job. */
  record Counters(LongAccumulator trained, LongAccumulator skipped, LongAccumulator cpuNanos)
      implements java.io.Serializable {}

  private final String specJson;
  private final ClusterFolder out;
  private final String mnistDir;
  private final BatchHook hook;
  private final Counters counters;

  ZooBatchTask(
      String specJson, ClusterFolder out, String mnistDir, BatchHook hook, Counters counters) {
    this.specJson = specJson;
    this.out = out;
    this.mnistDir = mnistDir;
    this.hook = hook;
    this.counters = counters;
  }

  @Override
  public void call(Integer batch) throws Exception {
    ZooSpec spec = Json.mapper().readValue(specJson, ZooSpec.class);
    int[] models = spec.batchMembers(batch);
    try {
      if (ZooLayout.complete(out, spec, batch)) {
        counters.skipped().add(1);
        return;
      }
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      long cpuStart = cpu.getCurrentThreadCpuTime();
      train(spec, batch);
      counters.cpuNanos().add(cpu.getCurrentThreadCpuTime() - cpuStart);
      counters.trained().add(1);
    } catch (Exception | Error e) {
      throw new IOException(
          "model batch "
              + batch
              + " (models "
              + models[0]
              + ".."
              + models[models.length - 1]
              + "): "
              + e,
          e);
    }
  }

  private void train(ZooSpec spec, int batch) throws IOException {
    ZooTask task =
        ZooTasks.fromSpec(
            spec,
            () ->
                Datasets.load(
                    DatasetName.MNIST,
                    Split.TRAIN,
                    mnistDir != null ? Path.of(mnistDir) : DataCache.defaultDir()));
    List<ZooMember> members = ZooGenerator.members(task, spec, batch);
    Path scratch = Files.createTempDirectory("replearn-zoo-batch-" + batch + "-");
    ZooStore local = new ZooStore(scratch);
    List<ZooIndex.Row> rows = new ArrayList<>();
    Map<String, String> shards = new TreeMap<>();
    try (NDManager manager = NDManager.newBaseManager();
        Progress silent = Progress.start("zoo batch " + batch, 0)) {
      new ZooTrainer(task, spec.recipe())
          .train(
              members,
              manager,
              null,
              (step, weights, moments, evaluation) -> {
                rows.addAll(local.writeShard(spec, batch, step, members, weights, evaluation));
                Path file = local.shard(ZooStore.shardName(batch, step));
                shards.put(file.getFileName().toString(), FileChecks.sha256(file));
                out.upload(file, ZooLayout.shard(batch, step));
                Files.delete(file);
                hook.afterShard(batch, step);
              },
              silent);
      out.write(
          ZooLayout.rows(batch),
          Json.mapper().writeValueAsBytes(new IndexStream.BatchIndex(rows, shards)));
    } finally {
      ScratchFolders.delete(scratch);
    }
  }
}
