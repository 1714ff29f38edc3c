package org.replearn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.io.Json;

/**
 * Crash and resume, for real: each resumable job runs once uninterrupted in a child JVM, then again
 * into a second folder where it is killed with SIGKILL at several points (each rerun continuing
 * from the last kill) before it is allowed to finish. Both folders must then hold the same outputs,
 * byte for byte (JSON value for value without timings). Sizes are tiny: each job costs a few child
 * JVM starts.
 */
@Tag("engine")
@Tag("slow")
class KillResumeTest {
  private static final Duration RUN = Duration.ofMinutes(5);

  @TempDir Path tmp;

  @Test
  void zooGenerateKilledThreeTimesEqualsUninterruptedZoo() throws Exception {
    List<String> args = CliRun.smallZoo(4, 1, "0,20,40", "--workers", "1", "--seed", "3");
    Path killed = tmp.resolve("killed");
    Path shards = killed.resolve("shards");
    killAndResume(
        args,
        List.of("--resume"),
        killed,
        List.of(
            () -> Files.isRegularFile(killed.resolve("zoo.json")),
            () -> count(shards) >= 2,
            () -> count(shards) >= 7));
  }

  @Test
  void encodeTrainKilledThreeTimesEqualsUninterruptedRun() throws Exception {
    List<String> args = CliRun.tinyStatsEncoder(6, 2, "--seed", "3");
    Path killed = tmp.resolve("killed");
    killAndResume(
        args,
        List.of("--resume"),
        killed,
        List.of(
            () -> Files.isRegularFile(killed.resolve("run.json")),
            () -> step(killed.resolve("state.json")) >= 2,
            () -> step(killed.resolve("state.json")) >= 4));
  }

  @Test
  void multiviewTrainKilledThreeTimesEqualsUninterruptedRun() throws Exception {
    List<String> args =
        CliRun.syntheticMultiview(
            "64",
            "16",
            "--views",
            "3",
            "--epochs",
            "4",
            "--eval-train",
            "64",
            "--eval-test",
            "32",
            "--seed",
            "3");
    Path killed = tmp.resolve("killed");
    Path cp = killed.resolve("checkpoint");
    killAndResume(
        args,
        List.of(),
        killed,
        List.of(
            () -> Files.isRegularFile(cp.resolve("checkpoint-1.safetensors")),
            () -> Files.isRegularFile(cp.resolve("checkpoint-2.safetensors")),
            () -> Files.isRegularFile(cp.resolve("checkpoint-3.safetensors"))));
  }

  /**
   * Runs {@code args} uninterrupted into one folder; then into {@code killed}, killing the run as
   * soon as each kill point holds and rerunning with {@code resumeArgs} added, until a rerun
   * finishes; then compares the two folders.
   */
  private void killAndResume(
      List<String> args, List<String> resumeArgs, Path killed, List<BooleanSupplier> killPoints)
      throws Exception {
    Path logs = tmp.resolve("logs");
    Path straight = tmp.resolve("straight");
    ChildRun.start(logs, "straight", with(args, List.of(), straight)).succeeds(RUN);
    ChildRun first = ChildRun.start(logs, "killed-0", with(args, List.of(), killed));
    first.killWhen(killPoints.get(0), RUN);
    for (int i = 1; i < killPoints.size(); i++) {
      ChildRun.start(logs, "killed-" + i, with(args, resumeArgs, killed))
          .killWhen(killPoints.get(i), RUN);
    }
    ChildRun.start(logs, "finish", with(args, resumeArgs, killed)).succeeds(RUN);
    FolderComparison.assertSameOutputs(straight, killed, Set.of(".replearn.lock"));
  }

  private static List<String> with(List<String> args, List<String> extra, Path out) {
    List<String> all = new ArrayList<>(args);
    all.addAll(extra);
    all.add("--out");
    all.add(out.toString());
    all.add("--json");
    return all;
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The step a {@code state.json} records, or -1 while there is none. */
  private static long step(Path stateJson) {
    try {
      JsonNode n = Json.mapper().readTree(stateJson.toFile());
      return n.get("step").asLong();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
