package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;

class PinnedFileTest {
  @TempDir Path dir;

  @Test
  void sha256MatchesTheStandardTestVector() {
    // FIPS 180-2, appendix B.1: SHA-256("abc")
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        PinnedFile.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void acceptsTheFileItWasPinnedFromAndRejectsAModifiedCopy() throws IOException {
    ImageDataset data = IdxTest.random(20, 9);
    Path images = dir.resolve("train-images-idx3-ubyte");
    Idx.writeImages(images, data);
    byte[] content = Files.readAllBytes(images);
    PinnedFile pinned =
        new PinnedFile(
            images.getFileName().toString(), Idx.IMAGES_MAGIC, 20, PinnedFile.sha256(content));

    assertArrayEquals(content, pinned.verify(images));

    content[100] ^= 1; // one pixel changed: header, size and count stay valid
    Files.write(images, content);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> pinned.verify(images));
    assertTrue(
        e.getMessage()
            .startsWith(
                images + ": SHA-256 of the IDX content must be " + pinned.sha256() + ", found "),
        e.getMessage());
  }

  @Test
  void checksumIsOverTheUncompressedContent() throws IOException {
    ImageDataset data = IdxTest.random(20, 9);
    Path plain = dir.resolve("a-idx3-ubyte");
    Path gz = dir.resolve("b-idx3-ubyte.gz");
    Idx.writeImages(plain, data);
    Idx.writeImages(gz, data);
    PinnedFile pinned =
        new PinnedFile("a", Idx.IMAGES_MAGIC, 20, PinnedFile.sha256(Files.readAllBytes(plain)));
    assertArrayEquals(pinned.verify(plain), pinned.verify(gz));
  }

  @Test
  void rejectsAWrongCount() throws IOException {
    ImageDataset data = IdxTest.random(5, 9);
    Path labels = dir.resolve("train-labels-idx1-ubyte");
    Idx.writeLabels(labels, data);
    PinnedFile pinned =
        new PinnedFile(
            "train-labels-idx1-ubyte",
            Idx.LABELS_MAGIC,
            60000,
            PinnedFile.sha256(Files.readAllBytes(labels)));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> pinned.verify(labels));
    assertEquals(labels + ": must hold 60000 labels, found 5 labels", e.getMessage());
  }

  @Test
  void locatePrefersThePlainFileThenTheGzipOne() throws IOException {
    PinnedFile pinned = DatasetName.MNIST.labels(Split.TEST);
    assertEquals(Optional.empty(), pinned.locate(dir));
    Path gz = Files.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[0]);
    assertEquals(Optional.of(gz), pinned.locate(dir));
    Path plain = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), new byte[0]);
    assertEquals(Optional.of(plain), pinned.locate(dir));
  }
}
