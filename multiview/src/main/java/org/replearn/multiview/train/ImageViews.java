package org.replearn.multiview.train;

import java.util.SplittableRandom;
import org.replearn.core.data.ImageDataset;

/** Augmented views of grey-scale images; inputs are {@code [1, rows, cols]} in [0, 1]. */
public final class ImageViews implements ViewSource {
  private final ImageDataset images;
  private final float[] pixels;
  private final Augmentation augmentation;

  public ImageViews(ImageDataset images, Augmentation augmentation) {
    this.images = images;
    this.augmentation = augmentation;
    this.pixels = new float[images.pixels().length];
    byte[] raw = images.pixels();
    for (int i = 0; i < raw.length; i++) {
      pixels[i] = (raw[i] & 0xFF) / 255f;
    }
  }

  public ImageDataset images() {
    return images;
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public int[] labels() {
    return images.labels().clone();
  }

  @Override
  public long[] inputShape() {
    return new long[] {1, images.rows(), images.cols()};
  }

  @Override
  public float[] views(int[] indices, int k, SplittableRandom rng) {
    int size = inputSize();
    float[] out = new float[k * indices.length * size];
    for (int l = 0; l < k; l++) {
      for (int b = 0; b < indices.length; b++) {
        augmentation.apply(
            pixels,
            indices[b] * size,
            images.rows(),
            images.cols(),
            out,
            (l * indices.length + b) * size,
            rng);
      }
    }
    return out;
  }

  @Override
  public float[] clean(int[] indices) {
    int size = inputSize();
    float[] out = new float[indices.length * size];
    for (int b = 0; b < indices.length; b++) {
      System.arraycopy(pixels, indices[b] * size, out, b * size, size);
    }
    return out;
  }
}
