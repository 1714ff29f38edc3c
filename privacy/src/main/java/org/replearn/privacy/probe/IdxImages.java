package org.replearn.privacy.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;

/**
 * Reads an MNIST-style split ({@code <split>-images-idx3-ubyte} and {@code
 * <split>-labels-idx1-ubyte}) from a cache folder such as {@code ~/.cache/replearn/mnist}. A
 * stop-gap until {@code org.replearn.core.data.Datasets} is available; headers and sizes are
 * checked.
 */
public final class IdxImages {
  private static final int IMAGE_MAGIC = 2051;
  private static final int LABEL_MAGIC = 2049;

  private IdxImages() {}

  /**
   * Loads one split.
   *
   * @param folder e.g. {@code ~/.cache/replearn/mnist}
   * @param split {@code train} or {@code t10k}
   */
  public static ImageDataset read(Path folder, String split) throws IOException {
    Path images = folder.resolve(split + "-images-idx3-ubyte");
    Path labels = folder.resolve(split + "-labels-idx1-ubyte");
    InvalidInputException.require(
        Files.isRegularFile(images) && Files.isRegularFile(labels),
        "data folder " + folder,
        "must hold "
            + images.getFileName()
            + " and "
            + labels.getFileName()
            + " (run: replearn data fetch)",
        "missing files");
    ByteBuffer img = ByteBuffer.wrap(Files.readAllBytes(images));
    ByteBuffer lab = ByteBuffer.wrap(Files.readAllBytes(labels));
    if (img.capacity() < 16 || img.getInt(0) != IMAGE_MAGIC) {
      throw new CorruptFileException(images, "not an IDX image file (magic " + IMAGE_MAGIC + ")");
    }
    if (lab.capacity() < 8 || lab.getInt(0) != LABEL_MAGIC) {
      throw new CorruptFileException(labels, "not an IDX label file (magic " + LABEL_MAGIC + ")");
    }
    int count = img.getInt(4);
    int rows = img.getInt(8);
    int cols = img.getInt(12);
    long expected = 16L + (long) count * rows * cols;
    if (img.capacity() != expected) {
      throw new CorruptFileException(
          images, "header says " + expected + " bytes, found " + img.capacity());
    }
    if (lab.getInt(4) != count || lab.capacity() != 8L + count) {
      throw new CorruptFileException(
          labels,
          "expected " + count + " labels (" + (8L + count) + " bytes), found " + lab.capacity());
    }
    byte[] pixels = new byte[count * rows * cols];
    img.get(16, pixels);
    int[] y = new int[count];
    for (int i = 0; i < count; i++) {
      y[i] = lab.get(8 + i);
      if (y[i] < 0 || y[i] > 9) {
        throw new CorruptFileException(labels, "label " + i + " is " + y[i] + ", not in 0..9");
      }
    }
    return new ImageDataset(folder.getFileName() + "/" + split, count, rows, cols, pixels, y);
  }
}
