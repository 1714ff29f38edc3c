package org.replearn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.zoo.ZooSpec;

/** The zoo job on an in-process {@code local[2]} master against one-machine generation. */
@Tag("engine")
class ZooJobLocalTest {
  private static final ZooSpec SPEC = ZooFixture.spec(6, 2, 8);

  private static JavaSparkContext sc;

  /** The one-machine zoo of {@link #SPEC}, generated once for the tests that compare with it. */
  @TempDir static Path oneMachine;

  @BeforeAll
  static void start() throws IOException {
    ZooFixture.generateLocally(SPEC, oneMachine);
    sc = SparkContexts.create("local[2]", "zoo-job-test", Map.of("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  @Test
  void sixModelsInThreeBatchesEqualOneMachineByteForByte(@TempDir Path tmp)
      throws IOException, InterruptedException {
    ZooSpec spec = SPEC;
    Path expected = oneMachine;
    List<TaskReport> reports = Collections.synchronizedList(new ArrayList<>());
    ZooJob.Result r =
        ZooJob.run(
            sc,
            new ZooJob.Request(spec, ZooFixture.folder(tmp.resolve("spark")), null, BatchHook.NONE),
            reports::add);
    assertEquals(3, r.batches());
    assertEquals(3, r.batchesTrained());
    assertEquals(0, r.batchesSkipped());
    assertEquals(6 * 3, r.rows());
    ZooFixture.assertSameZoo(expected, tmp.resolve("spark"));
    // the listener bus delivers task ends asynchronously: one report per batch arrives soon
    long end = System.nanoTime() + 10_000_000_000L;
    while (reports.size() < 3 && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    assertEquals(
        List.of(0, 1, 2),
        reports.stream().filter(TaskReport::succeeded).map(TaskReport::task).sorted().toList());
    assertEquals(3, reports.stream().mapToInt(TaskReport::done).max().orElse(0));
  }

  @Test
  void failedBatchIsNamedAndRerunSkipsCompleteBatches(@TempDir Path tmp) throws IOException {
    ZooSpec spec = SPEC;
    Path expected = oneMachine;
    ClusterFolder out = ZooFixture.folder(tmp.resolve("spark"));
    BatchHook failBatch2 =
        (batch, step) -> {
          if (batch == 2) {
            throw new IOException("injected failure");
          }
        };
    SparkJobException e =
        assertThrows(
            SparkJobException.class,
            () -> ZooJob.run(sc, new ZooJob.Request(spec, out, null, failBatch2), t -> {}));
    assertTrue(e.getMessage().contains("model batch 2 (models 4..5)"), e.getMessage());
    assertTrue(e.getMessage().contains("injected failure"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("spark/zoo.json")));
    // the failed batch published its first shard before the failure; it stays
    assertTrue(Files.exists(tmp.resolve("spark/shards/batch-00002-step-000000.safetensors")));

    ZooJob.Result r = ZooJob.run(sc, new ZooJob.Request(spec, out, null, BatchHook.NONE), t -> {});
    assertTrue(r.batchesSkipped() >= 1, "complete batches skipped: " + r.batchesSkipped());
    assertEquals(3, r.batchesSkipped() + r.batchesTrained());
    ZooFixture.assertSameZoo(expected, tmp.resolve("spark"));
  }

  @Test
  void badOutputsAreRefusedBeforeAnyTask(@TempDir Path tmp) throws IOException {
    ZooSpec spec = ZooFixture.spec(2, 2, 5);
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    InvalidInputException notFolder =
        assertThrows(
            InvalidInputException.class,
            () -> ZooJob.prepare(new ZooJob.Request(spec, ZooFixture.folder(file), null, null)));
    assertTrue(notFolder.getMessage().startsWith("output folder must be a writable folder"));

    Path done = ZooFixture.generateLocally(spec, tmp.resolve("done"));
    InvalidInputException finished =
        assertThrows(
            InvalidInputException.class,
            () -> ZooJob.prepare(new ZooJob.Request(spec, ZooFixture.folder(done), null, null)));
    assertTrue(finished.getMessage().contains("already holds a finished zoo"));

    ClusterFolder other = ZooFixture.folder(tmp.resolve("other"));
    ZooJob.prepare(new ZooJob.Request(spec, other, null, null));
    InvalidInputException different =
        assertThrows(
            InvalidInputException.class,
            () -> ZooJob.prepare(new ZooJob.Request(ZooFixture.spec(4, 2, 5), other, null, null)));
    assertTrue(different.getMessage().contains("unfinished job of a different zoo"));
  }

  @Test
  void unreachableOrMalformedMastersAreRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "spark://127.0.0.1:" + port;
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SparkMaster.check("--master", url, 2000));
    assertTrue(
        e.getMessage().startsWith("--master must be reachable, found " + url), e.getMessage());
    assertThrows(
        InvalidInputException.class, () -> SparkMaster.check("--master", "local[0]", 2000));
    assertThrows(
        InvalidInputException.class, () -> SparkMaster.check("--master", "mesos://x:1", 2000));
    assertEquals("local[2]", SparkMaster.check("--master", "local[2]", 2000));
    assertEquals("yarn", SparkMaster.check("--master", "yarn", 2000));
  }
}
