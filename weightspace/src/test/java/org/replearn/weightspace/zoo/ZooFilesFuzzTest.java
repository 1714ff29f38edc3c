package org.replearn.weightspace.zoo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.testing.FuzzSeeds;
import org.replearn.core.testing.ReaderContract;

/**
 * Fuzzes the readers of {@code zoo.json} and {@code index.json} (the index against a fixed valid
 * spec): any bytes give a spec or index, or a bad-input error naming the file.
 */
class ZooFilesFuzzTest {
  /** Where the fuzzed {@code zoo.json} is written. */
  @TempDir static Path specDir;

  /** Where the fuzzed {@code index.json} is written, beside a valid {@code zoo.json}. */
  @TempDir static Path indexDir;

  @BeforeAll
  static void open() throws Exception {
    new ZooStore(indexDir).writeSpec(spec());
  }

  @FuzzTest(maxDuration = "3m")
  void spec(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(specDir.resolve(ZooStore.SPEC), bytes);
    ReaderContract.check(file, () -> new ZooStore(specDir).readSpec());
  }

  @FuzzTest(maxDuration = "3m")
  void index(byte[] bytes) throws Exception {
    Path file = ReaderContract.write(indexDir.resolve(ZooStore.INDEX), bytes);
    ReaderContract.check(file, () -> new ZooStore(indexDir).readIndex());
  }

  /** A formal-language spec: 3 models in batches of 2, checkpoints 0 and 100. */
  static ZooSpec spec() {
    return new ZooSpec(
        ZooSpec.FORMAT_VERSION,
        ZooTasks.FORMAL_LANGUAGES,
        ZooTasks.settings(FormalLanguageZoo.official()),
        LstmSpec.formalLanguages(),
        TrainingRecipe.official().withCheckpoints(new long[] {0, 100}),
        3,
        2,
        7,
        List.of("accepted", "finished"),
        new TreeMap<>(Map.of("replearn", "0.1.0-SNAPSHOT", "djl", "0.36.0")));
  }

  /** The index of {@link #spec()}'s zoo with made-up shard checksums. */
  static ZooIndex index() {
    List<ZooIndex.Row> rows = new ArrayList<>();
    Map<String, String> sums = new TreeMap<>();
    for (int model = 0; model < 3; model++) {
      for (long step : new long[] {0, 100}) {
        String shard = ZooStore.shardName(model / 2, step);
        rows.add(
            new ZooIndex.Row(
                model,
                new double[] {0, model, 1, 2},
                1e-4,
                step,
                new TreeMap<>(Map.of("accepted", 3.0 * model, "finished", Double.NaN)),
                shard,
                model % 2));
        sums.put(shard, "0123456789abcdef".repeat(4));
      }
    }
    return ZooIndex.of(rows).withShards(sums);
  }

  @Test
  void seeds() throws Exception {
    FuzzSeeds.check(ZooFilesFuzzTest.class, "spec", FuzzSeeds.json("seed-zoo.json", spec()));
    FuzzSeeds.check(ZooFilesFuzzTest.class, "index", FuzzSeeds.json("seed-index.json", index()));
    FuzzSeeds.checkEachAt(
        ZooFilesFuzzTest.class,
        "spec",
        specDir.resolve(ZooStore.SPEC),
        () -> new ZooStore(specDir).readSpec());
    FuzzSeeds.checkEachAt(
        ZooFilesFuzzTest.class,
        "index",
        indexDir.resolve(ZooStore.INDEX),
        () -> new ZooStore(indexDir).readIndex());
  }
}
