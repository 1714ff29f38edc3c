package org.replearn.multiview.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;

class ViewSourceTest {

  @Test
  void augmentationWithoutCropRotationOrNoiseIsIdentity() {
    float[] img = new float[28 * 28];
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < img.length; i++) {
      img[i] = rng.nextFloat();
    }
    float[] out = new float[img.length];
    new Augmentation(1, 0, 0).apply(img, 0, 28, 28, out, 0, rng);
    assertArrayEquals(img, out, 1e-6f);
  }

  @Test
  void augmentedViewsStayInUnitRangeAndDifferFromTheImage() {
    float[] img = new float[28 * 28];
    for (int r = 8; r < 20; r++) {
      img[r * 28 + 14] = 1;
    }
    float[] out = new float[img.length];
    Augmentation.defaults().apply(img, 0, 28, 28, out, 0, new SplittableRandom(5));
    double diff = 0;
    for (int i = 0; i < img.length; i++) {
      assertTrue(out[i] >= 0 && out[i] <= 1);
      diff += Math.abs(out[i] - img[i]);
    }
    assertTrue(diff > 1);
  }

  @Test
  void syntheticViewsAreDeterministicAndDiffer() {
    SyntheticViews a = new SyntheticViews(50, new Seeds(4), 0);
    SyntheticViews b = new SyntheticViews(50, new Seeds(4), 0);
    int[] idx = {0, 7, 9};
    assertArrayEquals(a.clean(idx), b.clean(idx));
    assertArrayEquals(a.labels(), b.labels());
    float[] v = a.views(idx, 3, new SplittableRandom(1));
    assertEquals(3 * 3 * SyntheticViews.DIM, v.length);
    assertFalse(v[0] == v[3 * SyntheticViews.DIM]); // view 0 and view 1 of object 0 differ
  }
}
