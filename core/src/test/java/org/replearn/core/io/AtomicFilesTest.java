package org.replearn.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> files() {
    String[] names = dir.toFile().list();
    Arrays.sort(names);
    return List.of(names);
  }

  @Test
  void writerFailingMidwayLeavesNoPartialAndNoTemporaryFile() {
    Path target = dir.resolve("out.bin");
    IOException boom = new IOException("disk on fire");
    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[200_000]); // more than the buffer: bytes reach the disk
                      throw boom;
                    }));
    // the error names the file (a full disk's "No space left on device" alone does not)
    assertEquals(target + ": cannot write: disk on fire", thrown.getMessage());
    assertSame(boom, thrown.getCause());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), files());
  }

  @Test
  void failureKeepsThePreviousContentIntact() throws IOException {
    Path target = dir.resolve("results.json");
    AtomicFiles.writeString(target, "{\"version\": 1}");
    RuntimeException boom = new IllegalStateException("bug in the writer");
    assertSame(
        boom,
        assertThrows(
            IllegalStateException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("{\"version\": 2, \"half".getBytes(StandardCharsets.UTF_8));
                      throw boom;
                    })));
    assertEquals("{\"version\": 1}", Files.readString(target));
    assertEquals(List.of("results.json"), files());
  }

  @Test
  void replacesContentCreatesFoldersAndAllowsTheWriterToClose() throws IOException {
    Path target = dir.resolve("a/b/c.txt");
    AtomicFiles.writeString(target, "first");
    AtomicFiles.write(
        target,
        out -> {
          out.write("second".getBytes(StandardCharsets.UTF_8));
          out.close(); // some libraries close the stream they are given
        });
    assertEquals("second", Files.readString(target));
    assertEquals(List.of("c.txt"), List.of(target.getParent().toFile().list()));
    byte[] big = new byte[3_000_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    AtomicFiles.write(target, big);
    assertArrayEquals(big, Files.readAllBytes(target));
  }

  @Test
  void newFilesAreWorldReadableAndReplacementsKeepPermissions() throws IOException {
    Path target = dir.resolve("p.txt");
    AtomicFiles.writeString(target, "x");
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.writeString(target, "y");
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }
}
