package org.replearn.weightspace.zoo;

import java.util.Arrays;
import org.replearn.core.InvalidInputException;

/**
 * Tiled sequential MNIST as the official zoo code builds it.
 *
 * <ul>
 *   <li>The task of a model is a rotation angle a (degrees): every image is rotated by a, as
 *       torchvision's {@code RandomRotation([a, a])} does on a PIL image (nearest neighbour, about
 *       the centre (14, 14), zero fill, PIL's affine sampling at pixel centres).
 *   <li>Pixels are scaled to [0, 1] and normalised with mean 0.1307 and std 0.3081.
 *   <li>The 28 x 28 image is cut into 49 tiles of 4 x 4: pixel (r, c) goes to tile (r/4)*7 + c/4 at
 *       position (r%4)*4 + c%4. A zero BOS tile is put first, so one image is [50, 16].
 *   <li>Only the MNIST training set is used, split by the official hash: index i is a training
 *       image when (i XOR 0x04095164213dd204) mod 10 < 8 (47,998 training and 12,002 evaluation
 *       images).
 * </ul>
 */
public final class TiledMnist {
  /** Image side in pixels. */
  public static final int SIDE = 28;

  /** Tile side in pixels. */
  public static final int TILE = 4;

  /** Pixels per tile, the LSTM input size. */
  public static final int TILE_PIXELS = TILE * TILE;

  /** Sequence length: BOS tile + 49 image tiles. */
  public static final int STEPS = 1 + (SIDE / TILE) * (SIDE / TILE);

  /** Classes, the LSTM output size. */
  public static final int CLASSES = 10;

  /** Normalisation mean. */
  public static final float MEAN = 0.1307f;

  /** Normalisation standard deviation. */
  public static final float STD = 0.3081f;

  /** The official split key: HASH_KEY_1 XOR HASH_KEY_2 of {@code utilities.hash64}. */
  public static final long HASH_KEY = 0x58a849af6cbf585aL ^ 0x5ca118cb4d828a5eL;

  private TiledMnist() {}

  /** Whether training-set image {@code index} is in the zoo's training part (else evaluation). */
  public static boolean isTrainIndex(long index) {
    return Math.floorMod(index ^ HASH_KEY, 10L) < 8;
  }

  /** Indices in [0, n) of the training part, ascending. */
  public static int[] trainIndices(int n) {
    return java.util.stream.IntStream.range(0, n).filter(TiledMnist::isTrainIndex).toArray();
  }

  /** Indices in [0, n) of the evaluation part, ascending. */
  public static int[] evalIndices(int n) {
    return java.util.stream.IntStream.range(0, n).filter(i -> !isTrainIndex(i)).toArray();
  }

  /**
   * Rotates a 28 x 28 image counter-clockwise by {@code degrees}, as PIL's {@code Image.rotate}
   * with nearest-neighbour sampling and zero fill: the inverse affine map (cos, sin rounded to 15
   * decimals as PIL does) is walked incrementally from pixel centres, and a source coordinate v is
   * truncated (negative values are outside).
   *
   * @param pixels source images, unsigned bytes
   * @param offset start of the image in {@code pixels}
   * @param out 784 bytes, the rotated image
   */
  public static void rotate(byte[] pixels, int offset, double degrees, byte[] out) {
    double angle = -Math.toRadians(degrees % 360.0);
    double cos = round15(Math.cos(angle));
    double sin = round15(Math.sin(angle));
    double[] a = {cos, sin, 0.0, -sin, cos, 0.0};
    double centre = SIDE / 2.0;
    a[2] = a[0] * -centre + a[1] * -centre + a[2] + centre;
    a[5] = a[3] * -centre + a[4] * -centre + a[5] + centre;
    double xo = a[2] + a[1] * 0.5 + a[0] * 0.5;
    double yo = a[5] + a[4] * 0.5 + a[3] * 0.5;
    for (int y = 0; y < SIDE; y++) {
      double xx = xo;
      double yy = yo;
      for (int x = 0; x < SIDE; x++) {
        int xin = xx < 0.0 ? -1 : (int) xx;
        int yin = yy < 0.0 ? -1 : (int) yy;
        boolean inside = xin >= 0 && xin < SIDE && yin >= 0 && yin < SIDE;
        out[y * SIDE + x] = inside ? pixels[offset + yin * SIDE + xin] : 0;
        xx += a[0];
        yy += a[3];
      }
      xo += a[1];
      yo += a[4];
    }
  }

  private static double round15(double v) {
    return new java.math.BigDecimal(v).setScale(15, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }

  /**
   * The normalised tile sequence of one 28 x 28 image.
   *
   * @param image 784 unsigned bytes
   * @param out receives [50, 16] floats at {@code outOffset}: the zero BOS tile, then 49 tiles
   */
  public static void tiles(byte[] image, float[] out, int outOffset) {
    InvalidInputException.require(
        image.length == SIDE * SIDE, "image", "must have 784 pixels", image.length);
    Arrays.fill(out, outOffset, outOffset + TILE_PIXELS, 0f);
    int tilesPerRow = SIDE / TILE;
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        int tile = (r / TILE) * tilesPerRow + c / TILE;
        int pos = (r % TILE) * TILE + c % TILE;
        float v = (image[r * SIDE + c] & 0xFF) / 255f;
        out[outOffset + (1 + tile) * TILE_PIXELS + pos] = (v - MEAN) / STD;
      }
    }
  }
}
