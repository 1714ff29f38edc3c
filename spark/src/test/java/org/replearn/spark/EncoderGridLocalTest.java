package org.replearn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.core.io.Json;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.StoredZooView;
import org.replearn.weightspace.downstream.ZooView;
import org.replearn.weightspace.emulation.EmulationConfig;
import org.replearn.weightspace.emulation.EmulationLoss;
import org.replearn.weightspace.emulation.EmulationRun;
import org.replearn.weightspace.emulation.EmulationTrainer;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * The encoder grid on {@code local[2]}: 2 encoders x 2 seeds on a small zoo; every run folder and
 * evaluation equals the one-machine training and evaluation byte for byte.
 */
@Tag("engine")
class EncoderGridLocalTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc = SparkContexts.create("local[2]", "grid-test", Map.of("spark.ui.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    sc.stop();
  }

  private static final EmulationConfig TINY =
      new EmulationConfig(2, 8, 1e-4, 0.01, 0.1, 1, 8, EmulationLoss.TOTAL_VARIATION, 32, 0);

  @Test
  @Tag("slow")
  void gridRunsEqualOneMachineRunsByteForByte(@TempDir Path tmp) throws IOException {
    Path zoo = ZooFixture.generateLocally(ZooFixture.spec(20, 10, 8), tmp.resolve("zoo"));
    GridSpec spec =
        new GridSpec(
            List.of(zoo.toUri().toString()),
            List.of("stats", "flat"),
            List.of(TINY),
            List.of(1L, 2L),
            1,
            20);
    Path out = tmp.resolve("grid");
    EncoderGridJob.Result r = EncoderGridJob.run(sc, spec, ZooFixture.folder(out), t -> {});
    assertEquals(4, r.runs());
    assertEquals(4, r.trained());
    assertEquals(4, r.evaluated());
    assertEquals(2, r.summary().size());
    assertTrue(Files.isRegularFile(out.resolve("report/index.html")));
    assertFalse(Files.exists(out.resolve(ClusterFolder.JOB_DIR)));

    for (GridSpec.Run run : spec.runs()) {
      Path expected = tmp.resolve("local-" + run.index());
      String evaluation = trainAndEvaluateLocally(zoo, run, expected);
      Path actual = out.resolve(run.folder());
      try (var files = Files.list(actual)) {
        assertEquals(
            List.of(
                "best.safetensors",
                "checkpoint.safetensors",
                "evaluation.json",
                "result.json",
                "run.json",
                "state.json"),
            files.map(p -> p.getFileName().toString()).sorted().toList(),
            run.folder());
      }
      for (String f :
          List.of(
              EmulationRun.FILE, EmulationRun.STATE, EmulationRun.BEST, EmulationRun.CHECKPOINT)) {
        assertArrayEquals(
            Files.readAllBytes(expected.resolve(f)),
            Files.readAllBytes(actual.resolve(f)),
            run.folder() + "/" + f);
      }
      assertEquals(
          evaluation,
          Files.readString(actual.resolve(GridRunFiles.EVALUATION)),
          run.folder() + " evaluation");
    }

    EncoderGridJob.Result again = EncoderGridJob.run(sc, spec, ZooFixture.folder(out), t -> {});
    assertEquals(4, again.trainingSkipped());
    assertEquals(4, again.evaluationSkipped());
  }

  @Test
  void anUnfinishedRunResumesFromItsLastPublishedCheckpoint(@TempDir Path tmp) throws IOException {
    Path zoo = ZooFixture.generateLocally(ZooFixture.spec(20, 10, 8), tmp.resolve("zoo"));
    GridSpec spec =
        new GridSpec(
            List.of(zoo.toUri().toString()), List.of("stats"), List.of(TINY), List.of(3L), 1, 5);
    GridSpec.Run run = spec.runs().get(0);
    Path out = tmp.resolve("grid");
    // a task killed after publishing step 1 of 2: the shared folder holds step 1's checkpoint
    GridRunFiles shared = new GridRunFiles(ZooFixture.folder(out), run.folder());
    Path killed = tmp.resolve("killed-attempt");
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(zoo, manager);
      EmulationRun emulation =
          new EmulationRun(EncoderKind.STATS, view.data().layout(), TINY, run.seed());
      new EmulationTrainer(
              emulation,
              view.data(),
              view.splits(),
              killed,
              step -> {
                if (step == 1) {
                  shared.publishCheckpoint(killed, step);
                }
              })
          .train(manager, false);
    }
    assertTrue(Files.exists(out.resolve(run.folder()).resolve("checkpoint-000000001.safetensors")));

    EncoderGridJob.Result r = EncoderGridJob.run(sc, spec, ZooFixture.folder(out), t -> {});
    assertEquals(1, r.trained());
    Path actual = out.resolve(run.folder());
    for (String f :
        List.of(
            EmulationRun.FILE, EmulationRun.STATE, EmulationRun.BEST, EmulationRun.CHECKPOINT)) {
      assertArrayEquals(
          Files.readAllBytes(killed.resolve(f)), Files.readAllBytes(actual.resolve(f)), f);
    }
    assertFalse(Files.exists(actual.resolve("checkpoint-000000001.safetensors")));
  }

  @Test
  void aFolderThatIsNotAZooIsRefused(@TempDir Path tmp) throws IOException {
    Path notZoo = Files.createDirectories(tmp.resolve("not-a-zoo"));
    GridSpec spec =
        new GridSpec(
            List.of(notZoo.toUri().toString()), List.of("stats"), List.of(TINY), List.of(1L), 1, 5);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> EncoderGridJob.prepare(spec, ZooFixture.folder(tmp.resolve("out")), Map.of()));
    assertTrue(e.getMessage().startsWith("zoo must be a zoo folder"), e.getMessage());
  }

  /** {@code encode train} and {@code encode evaluate --run} of one grid run, on this machine. */
  private static String trainAndEvaluateLocally(Path zoo, GridSpec.Run run, Path dir)
      throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      ZooView view = StoredZooView.open(zoo, manager);
      EmulationRun emulation =
          new EmulationRun(
              EncoderKind.parse(run.encoder()), view.data().layout(), TINY, run.seed());
      new EmulationTrainer(emulation, view.data(), view.splits(), dir).train(manager, false);
      Seeds seeds = new Seeds(run.seed());
      try (WeightEncoder encoder = EmulationRun.loadBestEncoder(dir, manager)) {
        List<DownstreamEvaluation.Result> results =
            DownstreamEvaluation.ofEncoder(
                encoder,
                view.data(),
                view.targets(),
                DownstreamEvaluation.moveHalfOfOodTasks(
                    view.splits(), view.taskOfRow(), seeds.child("ood-half").random()),
                1,
                20,
                seeds,
                manager);
        return new String(Json.mapper().writeValueAsBytes(results));
      }
    }
  }
}
