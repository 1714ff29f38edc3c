package org.replearn.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.InvalidInputException;

class StagedFolderTest {
  @TempDir Path tmp;

  @Test
  void aCompleteWriteAppearsUnderTheTargetName() throws Exception {
    Path out = tmp.resolve("out");
    int n =
        StagedFolder.write(
            out,
            "--out",
            dir -> {
              assertFalse(Files.exists(out), "the target appears only when complete");
              Files.writeString(dir.resolve("a.txt"), "a");
              return 1;
            });
    assertEquals(1, n);
    assertEquals("a", Files.readString(out.resolve("a.txt")));
    assertEquals(0, entries(tmp), "no partial folder left beside it");
  }

  @Test
  void aFailedWriteLeavesNothing() throws Exception {
    Path out = tmp.resolve("out");
    assertThrows(
        IOException.class,
        () ->
            StagedFolder.write(
                out,
                "--out",
                dir -> {
                  Files.writeString(dir.resolve("half.npy"), "x");
                  throw new IOException("disk full");
                }));
    assertFalse(Files.exists(out));
    assertEquals(0, entries(tmp));
  }

  @Test
  void aFolderThatHoldsFilesIsRefusedAndKept() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("mine.txt"), "keep");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> StagedFolder.write(out, "--out", dir -> 0));
    assertEquals(
        "--out "
            + out.toAbsolutePath()
            + " must not exist or be empty (it is written whole or not at all), found a folder"
            + " that holds files",
        e.getMessage());
    assertEquals("keep", Files.readString(out.resolve("mine.txt")));
  }

  @Test
  void anEmptyFolderIsFilled() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    StagedFolder.write(out, "--out", dir -> Files.writeString(dir.resolve("b"), "b"));
    assertTrue(Files.isRegularFile(out.resolve("b")));
  }

  @Test
  void aPartialFolderOfADeadProcessIsRemoved() throws Exception {
    Path dead = Files.createDirectories(tmp.resolve(".out.partial-999999999"));
    Files.writeString(dead.resolve("x"), "x");
    StagedFolder.write(tmp.resolve("out"), "--out", dir -> 0);
    assertFalse(Files.exists(dead));
  }

  private static long entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().equals("out")).count();
    }
  }
}
