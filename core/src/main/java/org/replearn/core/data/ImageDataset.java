package org.replearn.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.replearn.core.InvalidInputException;

/**
 * Grey-scale images with integer labels, as stored in IDX files: {@code pixels} holds {@code count
 * * rows * cols} unsigned bytes in row-major order.
 *
 * @param name e.g. {@code "mnist/train"}
 * @param count number of images
 * @param rows image height
 * @param cols image width
 * @param pixels raw pixel bytes, 0..255 as unsigned
 * @param labels one label per image, 0..9
 */
public record ImageDataset(
    String name, int count, int rows, int cols, byte[] pixels, int[] labels) {

  public ImageDataset {
    InvalidInputException.require(
        pixels.length == (long) count * rows * cols,
        name + " pixels",
        "must hold count*rows*cols = " + ((long) count * rows * cols) + " bytes",
        pixels.length);
    InvalidInputException.require(
        labels.length == count, name + " labels", "must hold " + count + " labels", labels.length);
  }

  /** Pixel {@code (r, c)} of image {@code i} scaled to [0, 1]. */
  public float pixel(int i, int r, int c) {
    return (pixels[(i * rows + r) * cols + c] & 0xFF) / 255f;
  }

  /** The first {@code n} images (or all, if fewer). */
  public ImageDataset head(int n) {
    int m = Math.min(n, count);
    return new ImageDataset(
        name,
        m,
        rows,
        cols,
        java.util.Arrays.copyOf(pixels, m * rows * cols),
        java.util.Arrays.copyOf(labels, m));
  }

  /**
   * All images as floats in [0, 1].
   *
   * @return {@code [count, rows, cols]} float32
   */
  public NDArray images(NDManager manager) {
    float[] f = new float[pixels.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (pixels[i] & 0xFF) / 255f;
    }
    return manager.create(f, new Shape(count, rows, cols));
  }

  /** Labels as {@code [count]} int32. */
  public NDArray labelArray(NDManager manager) {
    return manager.create(labels);
  }
}
