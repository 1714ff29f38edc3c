package org.replearn.weightspace.encoder;

import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Random hidden-unit permutations of every LSTM layer, the symmetry of the zoo's weight space
 * ({@link LstmSpec#permuteHiddenUnits}): the network computes the same function afterwards, so it
 * is the augmentation the official code applies to the flat and transformer encoders, and the
 * invariance every other encoder must show.
 */
public final class HiddenPermutation {
  private HiddenPermutation() {}

  /** One uniformly random permutation of the H hidden units per layer. */
  public static int[][] random(LstmSpec spec, SplittableRandom rng) {
    int[][] perms = new int[spec.layers()][];
    for (int l = 0; l < spec.layers(); l++) {
      perms[l] = RandomArrays.permutation(rng, spec.hiddenSize());
    }
    return perms;
  }

  /**
   * A permuted copy of one flat row.
   *
   * @param perms perms[l] is a permutation of 0..H-1 for layer l
   */
  public static float[] apply(LstmSpec spec, float[] flatRow, int[][] perms) {
    InvalidInputException.require(
        perms.length == spec.layers(),
        "hidden permutations",
        "must be one per layer",
        perms.length);
    float[] out = flatRow.clone();
    for (int l = 0; l < perms.length; l++) {
      spec.permuteHiddenUnits(out, l, perms[l]);
    }
    return out;
  }
}
