package org.replearn.multiview.train;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;

/**
 * The random view of a grey-scale image used for multi-view training: one affine resampling that
 * combines a random crop and a random rotation, followed by Gaussian pixel noise.
 *
 * <ul>
 *   <li>crop: a square window whose side is a fraction c ~ U[minCropFraction, 1] of the image,
 *       centred uniformly where it fits, resized back to the full image (bilinear);
 *   <li>rotation: by theta ~ U[-maxRotationDegrees, +maxRotationDegrees] about the window centre;
 *   <li>noise: + N(0, noiseStd^2) per pixel, then clipped to [0, 1].
 * </ul>
 *
 * Pixels sampled outside the image are 0 (background).
 *
 * @param minCropFraction smallest crop side as a fraction of the image side, in (0, 1]
 * @param maxRotationDegrees largest rotation, >= 0
 * @param noiseStd pixel noise standard deviation, >= 0
 */
public record Augmentation(double minCropFraction, double maxRotationDegrees, double noiseStd) {

  public Augmentation {
    InvalidInputException.require(
        minCropFraction > 0 && minCropFraction <= 1,
        "minCropFraction",
        "must be in (0, 1]",
        minCropFraction);
    InvalidInputException.requireNonNegative(maxRotationDegrees, "maxRotationDegrees");
    InvalidInputException.requireNonNegative(noiseStd, "noiseStd");
  }

  /**
   * Crop to 70-100 %, rotation up to 20 degrees, noise 0.05. Noise 0.1 cost the MNIST probe 0.7
   * points: clipping at 0 leaves the training views a grey background (mean about 0.04) that the
   * clean evaluation images lack.
   */
  public static Augmentation defaults() {
    return new Augmentation(0.7, 20, 0.05);
  }

  /**
   * Writes one random view of {@code src} into {@code dst}.
   *
   * @param src {@code [rows, cols]} pixels in [0, 1], row-major
   * @param dst {@code [rows, cols]} output, written from {@code dstOffset}
   */
  public void apply(
      float[] src,
      int srcOffset,
      int rows,
      int cols,
      float[] dst,
      int dstOffset,
      SplittableRandom rng) {
    double c = minCropFraction + (1 - minCropFraction) * rng.nextDouble();
    double theta = Math.toRadians(maxRotationDegrees * (2 * rng.nextDouble() - 1));
    double cy = (rows - 1) / 2.0 + (1 - c) * (rows / 2.0) * (2 * rng.nextDouble() - 1);
    double cx = (cols - 1) / 2.0 + (1 - c) * (cols / 2.0) * (2 * rng.nextDouble() - 1);
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    for (int r = 0; r < rows; r++) {
      double qy = c * (r - (rows - 1) / 2.0);
      for (int q = 0; q < cols; q++) {
        double qx = c * (q - (cols - 1) / 2.0);
        double sy = cy + cos * qy - sin * qx;
        double sx = cx + sin * qy + cos * qx;
        double v = bilinear(src, srcOffset, rows, cols, sy, sx);
        if (noiseStd > 0) {
          v += noiseStd * rng.nextGaussian();
        }
        dst[dstOffset + r * cols + q] = (float) Math.min(1, Math.max(0, v));
      }
    }
  }

  private static double bilinear(float[] src, int off, int rows, int cols, double y, double x) {
    int y0 = (int) Math.floor(y);
    int x0 = (int) Math.floor(x);
    double fy = y - y0;
    double fx = x - x0;
    return (1 - fy)
            * ((1 - fx) * pixel(src, off, rows, cols, y0, x0)
                + fx * pixel(src, off, rows, cols, y0, x0 + 1))
        + fy
            * ((1 - fx) * pixel(src, off, rows, cols, y0 + 1, x0)
                + fx * pixel(src, off, rows, cols, y0 + 1, x0 + 1));
  }

  private static double pixel(float[] src, int off, int rows, int cols, int y, int x) {
    return y < 0 || y >= rows || x < 0 || x >= cols ? 0 : src[off + y * cols + x];
  }
}
