package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may write into an output folder: a resumed run keeps its stored settings, a finished run is
 * not overwritten without {@code --force}, another command's folder is refused. Every refusal is
 * exit code 2 and one line naming the option, the rule and the value.
 */
@Tag("engine")
class OutputFolderTest {
  @TempDir Path tmp;

  private static List<String> zoo(Path out, String... extra) {
    List<String> args = CliRun.smallZoo(2, 1, "0,4", "--out", out.toString(), "--json");
    args.addAll(List.of(extra));
    return args;
  }

  private static CliRun run(List<String> args) {
    return CliRun.of(args.toArray(String[]::new));
  }

  private Path finishedZoo() throws Exception {
    Path out = tmp.resolve("zoo");
    run(zoo(out)).json();
    return out;
  }

  private static String refusal(CliRun r) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.out().isEmpty(), r.out());
    return r.errLines().get(0);
  }

  @Test
  void resumeWithAnotherSeedIsRefusedNamingIt() throws Exception {
    Path out = finishedZoo();
    String line = refusal(run(zoo(out, "--resume", "--seed", "5")));
    assertTrue(
        line.contains("--resume must keep the settings the run stored, found --seed 5 (stored: 0)"),
        line);
  }

  @Test
  void resumeWithAnotherModelCountIsRefusedNamingIt() throws Exception {
    Path out = finishedZoo();
    List<String> args = zoo(out, "--resume");
    args.set(args.indexOf("--models") + 1, "3");
    String line = refusal(run(args));
    assertTrue(line.contains("found --models 3 (stored: 2)"), line);
  }

  @Test
  void resumeWithTheStoredSettingsOrNoneContinues() throws Exception {
    Path out = finishedZoo();
    assertEquals(2, run(zoo(out, "--resume")).json().get("batchesSkipped").asInt());
    CliRun bare = CliRun.of("zoo", "generate", "--resume", "--out", out.toString(), "--json");
    assertEquals(2, bare.json().get("batchesSkipped").asInt());
  }

  @Test
  void aFinishedRunIsNotOverwrittenWithoutForce() throws Exception {
    Path out = finishedZoo();
    byte[] index = Files.readAllBytes(out.resolve("index.json"));
    String line = refusal(run(zoo(out, "--seed", "1")));
    assertTrue(
        line.contains(
            "--out "
                + out
                + " must not hold a previous run of 'zoo generate' (--resume continues it, --force"
                + " replaces it), found a finished run started "),
        line);
    assertArrayEquals(index, Files.readAllBytes(out.resolve("index.json")));
  }

  @Test
  void forceReplacesAPreviousRun() throws Exception {
    Path out = finishedZoo();
    List<String> args = zoo(out, "--force");
    args.set(args.indexOf("--models") + 1, "1");
    assertEquals(1, run(args).json().get("models").asInt());
    assertFalse(Files.exists(out.resolve("shards/batch-00001-step-000000.safetensors")));
    assertEquals(
        1, CliRun.of("zoo", "info", out.toString(), "--json").json().get("models").asInt());
  }

  @Test
  void resumeAndForceTogetherAreRefused() throws Exception {
    String line = refusal(run(zoo(tmp.resolve("z"), "--resume", "--force")));
    assertTrue(line.contains("--resume / --force must not be given together, found both"), line);
  }

  @Test
  void anotherCommandsFolderIsRefusedEvenWithForce() throws Exception {
    Path out = finishedZoo();
    for (String force : List.of("--json", "--force")) {
      String line =
          refusal(
              CliRun.of(
                  "multiview", "train", "--dataset", "synthetic", "--out", out.toString(), force));
      assertTrue(
          line.contains(
              "--out "
                  + out
                  + " must not hold another command's outputs (use another folder), found outputs"
                  + " of 'zoo generate' (manifest.json)"),
          line);
    }
    assertTrue(Files.isRegularFile(out.resolve("index.json")));
  }

  @Test
  void encodeTrainWithoutResumeDoesNotOverwriteAFinishedRun() throws Exception {
    Path out = tmp.resolve("enc");
    List<String> args = CliRun.tinyStatsEncoder(2, 1, "--out", out.toString(), "--json");
    run(args).json();
    byte[] checkpoint = Files.readAllBytes(out.resolve("checkpoint.safetensors"));
    String line = refusal(run(args));
    assertTrue(line.contains("must not hold a previous run of 'encode train'"), line);
    args.add("--resume");
    args.addAll(List.of("--lr", "0.001"));
    line = refusal(run(args));
    assertTrue(line.contains("found --lr 0.001 (stored: 1.0E-4)"), line);
    assertArrayEquals(checkpoint, Files.readAllBytes(out.resolve("checkpoint.safetensors")));
  }

  @Test
  void multiviewTrainRerunWithOtherSettingsIsRefusedButMoreEpochsContinue() throws Exception {
    Path out = tmp.resolve("mv");
    List<String> args =
        CliRun.syntheticMultiview(
            "32",
            "16",
            "--views",
            "3",
            "--epochs",
            "1",
            "--eval-train",
            "32",
            "--eval-test",
            "16",
            "--out",
            out.toString(),
            "--json");
    run(args).json();
    List<String> other = new ArrayList<>(args);
    other.set(other.indexOf("--views") + 1, "2");
    String line = refusal(run(other));
    assertTrue(line.contains("found --views 2 (stored: 3)"), line);
    args.set(args.indexOf("--epochs") + 1, "2");
    run(args).json();
    assertTrue(Files.isRegularFile(out.resolve("checkpoint/checkpoint-2.safetensors")));
  }

  @Test
  void aFailedImportLeavesNoZooAndExportNeverMixesIntoAFullFolder() throws Exception {
    Path zoo = finishedZoo();
    Path official = tmp.resolve("official");
    CliRun.of("zoo", "export", zoo.toString(), "--out", official.toString(), "--json").json();
    String line = refusal(CliRun.of("zoo", "export", zoo.toString(), "--out", official.toString()));
    assertTrue(
        line.contains(
            "must not exist or be empty (it is written whole or not at all), found a folder that"
                + " holds files"),
        line);
    Path logits = official.resolve("logits.npy");
    byte[] bytes = Files.readAllBytes(logits);
    Files.write(logits, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    Path back = tmp.resolve("back");
    CliRun imp =
        CliRun.of("zoo", "import", "--from", official.toString(), "--out", back.toString());
    assertEquals(2, imp.code(), imp.err());
    assertFalse(Files.exists(back), "a failed import must leave no folder");
    try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("partial")));
    }
  }

  @Test
  void aOneShotCommandRefusesAnotherCommandsFolderButRewritesItsOwn() throws Exception {
    Path zoo = finishedZoo();
    byte[] manifest = Files.readAllBytes(zoo.resolve("manifest.json"));
    String[] probe = {
      "privacy", "probe", "--features", "synthetic", "--epsilon", "1", "--delta", "1e-5", "--out"
    };
    List<String> intoZoo = new ArrayList<>(List.of(probe));
    intoZoo.add(zoo.toString());
    String line = refusal(run(intoZoo));
    assertTrue(line.contains("found outputs of 'zoo generate' (manifest.json)"), line);
    assertArrayEquals(manifest, Files.readAllBytes(zoo.resolve("manifest.json")));
    List<String> own = new ArrayList<>(List.of(probe));
    own.add(tmp.resolve("probe").toString());
    own.add("--json");
    run(own).json();
    run(own).json();
  }
}
