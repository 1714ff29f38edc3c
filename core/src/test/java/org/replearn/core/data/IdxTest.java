package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.core.CorruptFileException;

class IdxTest {
  @TempDir Path dir;

  /** Random images of 5x7 pixels with labels 0..9. */
  static ImageDataset random(int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] pixels = new byte[count * 5 * 7];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) rng.nextInt(256);
    }
    int[] labels = rng.ints(count, 0, 10).toArray();
    return new ImageDataset("random", count, 5, 7, pixels, labels);
  }

  /** An image file and its label file. */
  private record Written(Path images, Path labels) {}

  /** {@code data} as {@code images-idx3-ubyte} and {@code labels-idx1-ubyte} (+ suffix) in dir. */
  private Written write(ImageDataset data, String suffix) throws IOException {
    Written w =
        new Written(
            dir.resolve("images-idx3-ubyte" + suffix), dir.resolve("labels-idx1-ubyte" + suffix));
    Idx.writeImages(w.images(), data);
    Idx.writeLabels(w.labels(), data);
    return w;
  }

  /** The message of the CorruptFileException with which {@code read} fails. */
  private static String corruptMessage(Executable read) {
    return assertThrows(CorruptFileException.class, read).getMessage();
  }

  /** {@code data}'s labels as {@code labels-idx1-ubyte} in dir. */
  private Path writeLabels(ImageDataset data) throws IOException {
    Path labels = dir.resolve("labels-idx1-ubyte");
    Idx.writeLabels(labels, data);
    return labels;
  }

  /** {@link #write}, then the image file cut to {@code keep} of its length in bytes. */
  private Written writeWithImagesCut(ImageDataset data, String suffix, IntUnaryOperator keep)
      throws IOException {
    Written w = write(data, suffix);
    byte[] full = Files.readAllBytes(w.images());
    Files.write(w.images(), Arrays.copyOf(full, keep.applyAsInt(full.length)));
    return w;
  }

  /** The message of the CorruptFileException with which reading {@code images} fails. */
  private static String readError(Path images, Path labels) {
    return corruptMessage(() -> Idx.read("x", images, labels));
  }

  /**
   * The message of the CorruptFileException with which counting the items of {@code file} fails.
   */
  private static String countError(Path file, int magic) {
    return corruptMessage(() -> Idx.count(file, Files.readAllBytes(file), magic));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".gz"})
  void writeThenReadGivesTheSameDataSet(String suffix) throws IOException {
    ImageDataset data = random(37, 1);
    Written w = write(data, suffix);
    Path images = w.images();
    Path labels = w.labels();

    ImageDataset back = Idx.read("back", images, labels);

    assertEquals(37, back.count());
    assertEquals(5, back.rows());
    assertEquals(7, back.cols());
    assertArrayEquals(data.pixels(), back.pixels());
    assertArrayEquals(data.labels(), back.labels());
    assertEquals(suffix.equals(".gz"), isGzipStream(Files.readAllBytes(images)));
  }

  @Test
  void plainFileHasTheStandardHeader() throws IOException {
    ImageDataset data = random(3, 2);
    Path images = dir.resolve("x-idx3-ubyte");
    Idx.writeImages(images, data);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(images));
    assertEquals(0x00000803, b.getInt());
    assertEquals(3, b.getInt());
    assertEquals(5, b.getInt());
    assertEquals(7, b.getInt());
    assertEquals(16 + 3 * 5 * 7, b.capacity());
  }

  @Test
  void wrongMagicIsNamed() throws IOException {
    Path labels = writeLabels(random(4, 3));
    // the label file given where the image file belongs
    assertEquals(
        labels + ": wrong magic: expected 2051 (IDX images), found 2049",
        readError(labels, labels));
  }

  @Test
  void gzipDataUnderAPlainNameIsExplained() throws IOException {
    ImageDataset data = random(4, 3);
    Path gz = dir.resolve("images-idx3-ubyte.gz");
    Idx.writeImages(gz, data);
    Path labels = writeLabels(data);
    Path misnamed = Files.copy(gz, dir.resolve("images-idx3-ubyte"));
    String message = readError(misnamed, labels);
    assertTrue(message.contains("found gzip data"), message);
  }

  @Test
  void truncatedImageFileIsNamedWithExpectedAndFoundSizes() throws IOException {
    Written w = writeWithImagesCut(random(10, 4), "", length -> length - 1);
    assertEquals(
        w.images()
            + ": truncated: header promises 10 images of 5x7 pixels (366 bytes), found 365 bytes",
        readError(w.images(), w.labels()));
  }

  @Test
  void truncatedHeaderIsNamed() throws IOException {
    Path labels = dir.resolve("labels-idx1-ubyte");
    Files.write(labels, new byte[] {0, 0, 8, 1, 0});
    assertEquals(
        labels + ": truncated: an IDX header with 1 dimension(s) needs 8 bytes, found 5",
        countError(labels, Idx.LABELS_MAGIC));
  }

  @Test
  void truncatedGzipStreamIsNamed() throws IOException {
    Written w = writeWithImagesCut(random(50, 5), ".gz", length -> length / 2);
    assertEquals(
        w.images() + ": truncated: the gzip stream ends early", readError(w.images(), w.labels()));
  }

  @Test
  void extraBytesAfterTheDataAreRejected() throws IOException {
    Path labels = writeLabels(random(2, 6));
    Files.write(labels, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    assertEquals(
        labels + ": has 3 bytes after the 2 labels its header promises (10 bytes)",
        countError(labels, Idx.LABELS_MAGIC));
  }

  @Test
  void hugeOrNegativeSizesInTheHeaderAreRejected() throws IOException {
    Path images = dir.resolve("images-idx3-ubyte");
    byte[] huge =
        ByteBuffer.allocate(16).putInt(2051).putInt(1 << 30).putInt(1 << 30).putInt(4).array();
    Files.write(images, huge);
    String message = corruptMessage(() -> Idx.count(images, huge, Idx.IMAGES_MAGIC));
    assertTrue(message.contains("truncated: header promises 1073741824 images"), message);

    byte[] negative =
        ByteBuffer.allocate(16).putInt(2051).putInt(1).putInt(-28).putInt(-28).array();
    assertEquals(
        images + ": size 1 in the IDX header must be >= 0, found -28",
        corruptMessage(() -> Idx.count(images, negative, Idx.IMAGES_MAGIC)));
  }

  @Test
  void labelAndImageCountsMustAgree() throws IOException {
    Path images = dir.resolve("images-idx3-ubyte");
    Path labels = dir.resolve("labels-idx1-ubyte");
    Idx.writeImages(images, random(12, 7));
    Idx.writeLabels(labels, random(11, 7));

    String message = readError(images, labels);
    assertEquals(
        labels + ": must hold one label per image of images-idx3-ubyte (12), found 11 labels",
        message);
  }

  @Test
  void labelsOutsideZeroToNineAreRejected() throws IOException {
    ImageDataset data = random(3, 8);
    Path images = dir.resolve("images-idx3-ubyte");
    Path labels = dir.resolve("labels-idx1-ubyte");
    Idx.writeImages(images, data);
    Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 4, 10, 2});

    String message = readError(images, labels);
    assertEquals(labels + ": label 1 must be in 0..9, found 10", message);
  }

  @Test
  void readsGzipWrittenByAnotherTool() throws IOException {
    // a gzip stream made by java.util.zip directly, not by Idx
    byte[] idx = {0, 0, 8, 1, 0, 0, 0, 2, 7, 9};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(idx);
    }
    Path labels = Files.write(dir.resolve("l-idx1-ubyte.gz"), bytes.toByteArray());
    assertArrayEquals(idx, Idx.content(labels));
  }

  private static boolean isGzipStream(byte[] content) {
    return content.length > 2 && (content[0] & 0xFF) == 0x1f && (content[1] & 0xFF) == 0x8b;
  }

  /**
   * A gzip bomb: a label header promising 10 labels followed by 256 MiB of zeros that compress to
   * about 256 KiB. Decompression stops one byte past the promise, so the heap is never at risk.
   */
  @Test
  void gzipBombStopsAtTheSizeTheHeaderPromises() throws IOException {
    Path bomb = dir.resolve("train-labels-idx1-ubyte.gz");
    try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      gz.write(ByteBuffer.allocate(8).putInt(Idx.LABELS_MAGIC).putInt(10).array());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) {
        gz.write(zeros);
      }
    }
    assertTrue(Files.size(bomb) < 2 << 20);
    String message = corruptMessage(() -> Idx.content(bomb));
    assertEquals(
        bomb
            + ": holds more data than the 18 bytes its IDX header promises"
            + " (decompression stopped there)",
        message);
  }

  /** A header promising more than a Java array holds is refused before anything is allocated. */
  @Test
  void headerPromisingMoreThanAnArrayHoldsIsRefusedBeforeReading() throws IOException {
    Path huge = dir.resolve("images-idx3-ubyte");
    Files.write(
        huge,
        ByteBuffer.allocate(16)
            .putInt(Idx.IMAGES_MAGIC)
            .putInt(1 << 30)
            .putInt(28)
            .putInt(28)
            .array());
    String message = corruptMessage(() -> Idx.content(huge));
    assertTrue(message.startsWith(huge + ": IDX header promises 841813590032 bytes"), message);
  }
}
