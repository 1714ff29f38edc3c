package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.replearn.weightspace.encoder.ParameterTransformerEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/** The small parameter transformer the emulation tests take gradients through. */
final class SmallTransformer {
  private SmallTransformer() {}

  /**
   * A float32 parameter transformer over {@code layout}, seeded with 1: width 16, 2 layers, 2
   * heads, feed-forward 32, embedding size 16, and the given dropout.
   */
  static ParameterTransformerEncoder create(LstmSpec layout, NDManager manager, float dropout) {
    return new ParameterTransformerEncoder(
        layout, manager, DataType.FLOAT32, new SplittableRandom(1), 16, 2, 2, 32, dropout, 16);
  }
}
