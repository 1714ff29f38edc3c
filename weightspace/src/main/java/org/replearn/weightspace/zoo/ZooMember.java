package org.replearn.weightspace.zoo;

import org.replearn.core.engine.Seeds;

/**
 * One model of a zoo: its global index, its task, its weight decay and its seed. All its randomness
 * (task draw, initial weights, data stream, evaluation samples) is split from {@code seeds} by name
 * and update index, so a model trains the same alone or in any batch, and a resumed run draws the
 * same numbers.
 *
 * @param index global model index n
 * @param task the task vector: formal languages (0, d_b, d_c, d_d); tiled MNIST (angle)
 * @param weightDecay AdamW decoupled weight decay lambda of this model
 * @param seeds this model's seed (the zoo seed's child {@code n})
 */
public record ZooMember(int index, double[] task, double weightDecay, Seeds seeds) {
  public ZooMember {
    task = task.clone();
  }

  @Override
  public double[] task() {
    return task.clone();
  }

  /** The generator for the data of update {@code update}. */
  public java.util.SplittableRandom dataRandom(long update) {
    return seeds.child("data").child(update).random();
  }

  /** The generator for the evaluation at checkpoint {@code step}. */
  public java.util.SplittableRandom evalRandom(long step) {
    return seeds.child("eval").child(step).random();
  }

  /** The generator for the initial weights. */
  public java.util.SplittableRandom initRandom() {
    return seeds.child("init").random();
  }
}
