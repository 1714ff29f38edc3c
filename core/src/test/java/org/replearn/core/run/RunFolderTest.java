package org.replearn.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.RunManifest;

class RunFolderTest {
  private static final RunFolder.Names NAMES = new RunFolder.Names("out", "resume", "replace");
  private static final Map<String, String> SETTINGS = Map.of("seed", "1", "models", "4");

  @TempDir Path dir;

  private RunLock claim(String command, Map<String, String> compared, RunFolder.Reuse reuse)
      throws Exception {
    return RunFolder.claim(dir, NAMES, command, SETTINGS, compared, reuse);
  }

  /** The message of the InvalidInputException with which the claim is refused. */
  private String refusal(String command, Map<String, String> compared, RunFolder.Reuse reuse) {
    return assertThrows(InvalidInputException.class, () -> claim(command, compared, reuse))
        .getMessage();
  }

  @Test
  void aHeldFolderIsRefusedNamingTheHolder() throws Exception {
    try (RunLock first = claim("zoo generate", Map.of(), RunFolder.Reuse.REFUSE)) {
      String message = refusal("zoo generate", Map.of(), RunFolder.Reuse.RESUME);
      assertTrue(
          message.startsWith(
              "out "
                  + dir
                  + " must not be in use by another run (lock file .replearn.lock), found pid "
                  + ProcessHandle.current().pid()
                  + ", command 'zoo generate', started "),
          message);
    }
    // released on close: the same command may resume
    claim("zoo generate", Map.of(), RunFolder.Reuse.RESUME).close();
  }

  @Test
  void aRunThatWroteNothingLeavesNoRun() throws Exception {
    claim("zoo generate", Map.of(), RunFolder.Reuse.REFUSE).close();
    claim("encode train", Map.of(), RunFolder.Reuse.REFUSE).close();
  }

  @Test
  void anotherCommandsFolderIsRefusedEvenWhenReplacing() throws Exception {
    claim("zoo generate", Map.of(), RunFolder.Reuse.REFUSE).close();
    Files.writeString(dir.resolve("index.json"), "{}");
    for (RunFolder.Reuse reuse : RunFolder.Reuse.values()) {
      String message = refusal("encode train", Map.of(), reuse);
      assertEquals(
          "out "
              + dir
              + " must not hold another command's outputs (use another folder), found outputs of"
              + " 'zoo generate' (.replearn.lock)",
          message);
    }
  }

  @Test
  void theManifestNamesTheOwnerOfAFinishedRun() throws Exception {
    RunManifest.write(dir, "privacy probe", Map.of(), 0, "cpu()", Duration.ZERO);
    String message = refusal("zoo generate", Map.of(), RunFolder.Reuse.RESUME);
    assertTrue(message.endsWith("found outputs of 'privacy probe' (manifest.json)"));
  }

  @Test
  void resumingComparesTheGivenSettingsWithTheStoredOnes() throws Exception {
    claim("zoo generate", Map.of(), RunFolder.Reuse.REFUSE).close();
    Files.writeString(dir.resolve("index.json"), "{}");
    String message =
        refusal(
            "zoo generate",
            new java.util.TreeMap<>(Map.of("seed", "2", "models", "5")),
            RunFolder.Reuse.RESUME);
    assertEquals(
        "resume must keep the settings the run stored, found models 5 (stored: 4), seed 2"
            + " (stored: 1)",
        message);
    claim("zoo generate", Map.of("seed", "1"), RunFolder.Reuse.RESUME).close();
  }

  @Test
  void aPreviousRunIsRefusedUnlessReplacedWhichEmptiesTheFolder() throws Exception {
    claim("zoo generate", Map.of(), RunFolder.Reuse.REFUSE).close();
    Files.writeString(dir.resolve("index.json"), "{}");
    String message = refusal("zoo generate", Map.of(), RunFolder.Reuse.REFUSE);
    assertTrue(
        message.contains(
            "must not hold a previous run of 'zoo generate' (resume continues it, replace"
                + " replaces it), found an unfinished run started "),
        message);
    claim("zoo generate", Map.of(), RunFolder.Reuse.REPLACE).close();
    assertFalse(Files.exists(dir.resolve("index.json")));
    assertTrue(Files.exists(dir.resolve(RunLock.FILE_NAME)));
  }

  @Test
  void staleTemporaryFilesAreRemovedOnceTheLockIsHeld() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("shards"));
    Path stale = Files.writeString(sub.resolve(".index.json.123456.tmp"), "half");
    Path kept = Files.writeString(sub.resolve("notes.tmp"), "mine");
    claim("zoo generate", Map.of(), RunFolder.Reuse.REFUSE).close();
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(kept));
  }
}
