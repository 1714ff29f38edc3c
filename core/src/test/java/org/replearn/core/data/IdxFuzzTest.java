package org.replearn.core.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.testing.FuzzSeeds;
import org.replearn.core.testing.ReaderContract;

/**
 * Fuzzes the IDX reader, plain and gzip: the input's first byte chooses gzip or plain and the split
 * between a labels file and an images file; any bytes give a data set or a bad-input error naming a
 * file. Memory: decompression stops at the size the header promises, and deflate expands at most
 * about 1032-fold, so a fuzz input of n bytes never needs more than about 1032 n bytes.
 */
class IdxFuzzTest {
  /** Where the fuzz inputs are written, shared by all inputs of the class. */
  @TempDir static Path dir;

  /**
   * Input layout: byte 0 odd for gzip, bytes 1-4 the length of the labels file (big-endian, taken
   * modulo the remaining length + 1), then the labels file, then the images file.
   */
  @FuzzTest(maxDuration = "3m")
  void idx(byte[] input) throws Exception {
    if (input.length < 5) {
      return;
    }
    boolean gzip = (input[0] & 1) == 1;
    byte[] rest = java.util.Arrays.copyOfRange(input, 5, input.length);
    int split =
        (int)
            (Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(input, 1, 4).getInt())
                % (rest.length + 1));
    String suffix = gzip ? ".gz" : "";
    Path labels =
        ReaderContract.write(
            dir.resolve("labels-idx1-ubyte" + suffix), java.util.Arrays.copyOf(rest, split));
    Path images =
        ReaderContract.write(
            dir.resolve("images-idx3-ubyte" + suffix),
            java.util.Arrays.copyOfRange(rest, split, rest.length));
    try {
      Idx.read("fuzz", images, labels);
    } catch (org.replearn.core.CorruptFileException e) {
      String m = e.getMessage();
      if (!m.startsWith(images + ": ") && !m.startsWith(labels + ": ")) {
        throw new AssertionError("error names neither file: " + m, e);
      }
      if (m.contains("\n")) {
        throw new AssertionError("error spans several lines: " + m, e);
      }
    }
  }

  /** The seeds: a two-image data set as a fuzz input, plain and gzip (see {@link #idx}). */
  @Test
  void seeds() throws Exception {
    FuzzSeeds.check(
        IdxFuzzTest.class,
        "idx",
        new FuzzSeeds.Seed("seed-plain", file -> writeSeed(file, false)),
        new FuzzSeeds.Seed("seed-gzip", file -> writeSeed(file, true)));
    FuzzSeeds.checkEach(
        IdxFuzzTest.class,
        "idx",
        seed -> {
          byte[] in = Files.readAllBytes(seed);
          int split = java.nio.ByteBuffer.wrap(in, 1, 4).getInt();
          String suffix = (in[0] & 1) == 1 ? ".gz" : "";
          Path labels =
              Files.write(
                  dir.resolve("seed-l" + suffix), java.util.Arrays.copyOfRange(in, 5, 5 + split));
          Path images =
              Files.write(
                  dir.resolve("seed-i" + suffix),
                  java.util.Arrays.copyOfRange(in, 5 + split, in.length));
          Idx.read("seed", images, labels);
        });
  }

  /** A fuzz input holding a valid pair of files: [gzip flag][split as 4 bytes][labels][images]. */
  private static void writeSeed(Path file, boolean gzip) throws Exception {
    ImageDataset d =
        new ImageDataset(
            "seed", 2, 2, 3, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, new int[] {3, 9});
    Path tmp = Files.createTempDirectory("idx-seed");
    try {
      String suffix = gzip ? ".gz" : "";
      Path labels = tmp.resolve("l" + suffix);
      Path images = tmp.resolve("i" + suffix);
      Idx.writeLabels(labels, d);
      Idx.writeImages(images, d);
      byte[] l = Files.readAllBytes(labels);
      byte[] i = Files.readAllBytes(images);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(l.length + i.length + 5);
      b.put((byte) (gzip ? 1 : 0)).putInt(l.length).put(l).put(i);
      Files.write(file, b.array());
    } finally {
      FuzzSeeds.deleteTree(tmp);
    }
  }
}
