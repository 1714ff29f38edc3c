package org.replearn.riem.fit;

import org.replearn.core.train.AdamW;
import org.replearn.core.train.FlatAdamW;

/**
 * The moments and step count of Adam ({@code torch.optim.Adam}: betas (0.9, 0.999), eps 1e-8, no
 * weight decay) for one flat parameter vector; the update itself is core's {@link FlatAdamW}, in
 * the {@link FlatAdamW.Rounding#SCALE_FIRST} order that RieM fits have always used.
 */
public final class Adam {
  private static final FlatAdamW KERNEL =
      new FlatAdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0), FlatAdamW.Rounding.SCALE_FIRST);

  private final float[] first;
  private final float[] second;
  private long steps;

  /** State for a vector of {@code size} parameters. */
  public Adam(int size) {
    this.first = new float[size];
    this.second = new float[size];
  }

  /** Steps taken so far. */
  public long steps() {
    return steps;
  }

  /** One update of {@code params} in place with gradient {@code grad} and learning rate lr. */
  public void step(float[] params, float[] grad, double lr) {
    steps++;
    KERNEL.step(params, grad, first, second, steps, lr, 0);
  }
}
