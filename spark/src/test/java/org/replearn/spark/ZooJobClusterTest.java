package org.replearn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.weightspace.zoo.ZooSpec;

/**
 * The zoo job on a real standalone cluster (master and two workers as separate JVMs): one worker is
 * killed with SIGKILL while its task runs, and the zoo still equals the one-machine zoo byte for
 * byte.
 */
@Tag("engine")
@Tag("slow")
class ZooJobClusterTest {

  /** Keeps every task running for a few seconds, so the kill lands while tasks run. */
  private static final BatchHook SLOW = (batch, step) -> sleep(1000);

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void killedWorkerStillGivesTheOneMachineZoo(@TempDir Path tmp) throws Exception {
    ZooSpec spec = ZooFixture.spec(8, 2, 8);
    Path expected = ZooFixture.generateLocally(spec, tmp.resolve("local"));
    Path out = tmp.resolve("spark-zoo");
    try (StandaloneCluster cluster = new StandaloneCluster(tmp, 2, 1)) {
      JavaSparkContext sc =
          SparkContexts.create(cluster.masterUrl(), "zoo-kill-test", cluster.driverSettings());
      try {
        List<TaskReport> reports = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<ZooJob.Result> job =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return ZooJob.run(
                        sc,
                        new ZooJob.Request(spec, ZooFixture.folder(out), null, SLOW),
                        reports::add);
                  } catch (IOException e) {
                    throw new RuntimeException(e);
                  }
                });
        awaitFirstShard(out.resolve("shards"), cluster);
        assertTrue(!job.isDone(), "the job must still run when the worker is killed");
        cluster.killWorker(0);
        ZooJob.Result r = job.get(4, TimeUnit.MINUTES);
        assertEquals(4, r.batchesTrained());
        assertEquals(1, cluster.aliveWorkers());
        assertTrue(
            reports.stream().anyMatch(t -> !t.succeeded()),
            "an attempt on the killed worker must have been lost: " + reports);
      } finally {
        sc.stop();
      }
    }
    ZooFixture.assertSameZoo(expected, out);
  }

  private static void awaitFirstShard(Path shards, StandaloneCluster cluster)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < end) {
      if (Files.isDirectory(shards)) {
        try (Stream<Path> s = Files.list(shards)) {
          if (s.findAny().isPresent()) {
            return;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new IOException("no shard appeared in " + shards + cluster.logTails());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
