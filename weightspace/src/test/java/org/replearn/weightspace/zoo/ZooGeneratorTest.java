package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.InvalidInputException;

@Tag("engine")
class ZooGeneratorTest {
  @TempDir Path tmp;

  private static final class Crash extends RuntimeException {}

  /**
   * Generation (resumed or not) that crashes once batch {@code batch}'s checkpoint {@code step} is
   * written.
   */
  private static void assertCrashesAfter(
      ZooStore store, ZooTask task, ZooSpec spec, boolean resume, int batch, long step) {
    assertThrows(
        Crash.class,
        () ->
            ZooGenerator.generate(
                store,
                task,
                spec,
                resume,
                (b, s) -> {
                  if (b == batch && s == step) {
                    throw new Crash();
                  }
                }));
  }

  static ZooSpec smallSpec(ZooTask task) {
    TrainingRecipe recipe =
        new TrainingRecipe(4, new long[] {0, 3, 6}, new double[] {0.01, 0.003, 0.0003});
    return ZooGenerator.newSpec(task, recipe, 3, 2, 5);
  }

  @Test
  void resumedGenerationEqualsUninterruptedOne() throws Exception {
    ZooTask task = ZooTrainerTest.smallTask();
    ZooSpec spec = smallSpec(task);
    ZooStore whole = new ZooStore(tmp.resolve("whole"));
    ZooGenerator.generate(whole, task, spec, false, (b, s) -> {});

    ZooStore broken = new ZooStore(tmp.resolve("broken"));
    assertCrashesAfter(broken, task, spec, false, 0, 3);
    assertCrashesAfter(broken, task, spec, true, 1, 0);
    // the last part runs two batches at once on two workers: the zoo must not change
    ZooGenerator.Result result =
        ZooGenerator.generate(broken, task, broken.readSpec(), true, (b, s) -> {}, 2);
    assertEquals(1, result.batchesSkipped());

    assertEquals(Json(whole, ZooStore.INDEX), Json(broken, ZooStore.INDEX));
    assertEquals(9, whole.readIndex().rows().size());
    List<String> shards = shardNames(whole);
    assertEquals(6, shards.size());
    assertEquals(shards, shardNames(broken));
    try (NDManager manager = NDManager.newBaseManager()) {
      for (String name : shards) {
        Map<String, NDArray> a = whole.readShard(name, manager);
        Map<String, NDArray> b = broken.readShard(name, manager);
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
          assertTrue(a.get(key).contentEquals(b.get(key)), name + " " + key);
        }
      }
    }
  }

  @Test
  void refusesToOverwriteAZoo() throws Exception {
    ZooTask task = ZooTrainerTest.smallTask();
    ZooStore store = new ZooStore(tmp.resolve("z"));
    store.writeSpec(smallSpec(task));
    assertThrows(
        InvalidInputException.class,
        () -> ZooGenerator.generate(store, task, smallSpec(task), false, (b, s) -> {}));
    assertThrows(
        InvalidInputException.class,
        () ->
            ZooGenerator.generate(
                new ZooStore(tmp.resolve("none")), task, smallSpec(task), true, (b, s) -> {}));
  }

  private static String Json(ZooStore store, String file) throws IOException {
    return Files.readString(store.dir().resolve(file));
  }

  private static List<String> shardNames(ZooStore store) throws IOException {
    try (Stream<Path> s = Files.list(store.dir().resolve("shards"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
