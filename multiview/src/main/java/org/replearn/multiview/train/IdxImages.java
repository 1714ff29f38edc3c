package org.replearn.multiview.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;

/**
 * Reads an uncompressed IDX image/label pair from the data cache ({@code
 * <cache>/<name>/train-images-idx3-ubyte} ...). A stop-gap until {@code core.data.Datasets} is
 * available to this module.
 */
final class IdxImages {
  private IdxImages() {}

  /**
   * @param name {@code mnist} or {@code fashion-mnist}
   * @param train training split (else test)
   */
  static ImageDataset load(Path cacheDir, String name, boolean train) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path images = cacheDir.resolve(name).resolve(prefix + "-images-idx3-ubyte");
    Path labels = cacheDir.resolve(name).resolve(prefix + "-labels-idx1-ubyte");
    InvalidInputException.require(
        Files.isRegularFile(images) && Files.isRegularFile(labels),
        "data set " + name,
        "must be in the cache (run `replearn data fetch " + name + "`)",
        images);
    ByteBuffer im = ByteBuffer.wrap(Files.readAllBytes(images));
    ByteBuffer lb = ByteBuffer.wrap(Files.readAllBytes(labels));
    if (im.getInt() != 0x803 || lb.getInt() != 0x801) {
      throw new CorruptFileException(images, "bad IDX magic number");
    }
    int count = im.getInt();
    int rows = im.getInt();
    int cols = im.getInt();
    int labelCount = lb.getInt();
    if (labelCount != count || im.remaining() != (long) count * rows * cols) {
      throw new CorruptFileException(images, "size does not match its header or labels");
    }
    byte[] pixels = new byte[count * rows * cols];
    im.get(pixels);
    int[] y = new int[count];
    for (int i = 0; i < count; i++) {
      y[i] = lb.get() & 0xFF;
    }
    return new ImageDataset(name + "/" + (train ? "train" : "test"), count, rows, cols, pixels, y);
  }
}
