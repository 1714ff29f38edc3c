package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.replearn.core.InvalidInputException;

/**
 * Inverted dropout {@code x * m / (1 - p)}, {@code m ~ Bernoulli(1 - p)} entry-wise, with the mask
 * computed in plain Java. PyTorch's CPU dropout draws its mask one entry at a time from a Mersenne
 * twister, which made dropout 3.2 s of the parameter transformer's 8.8 s training step; this mask
 * is a counter-based hash of (seed, entry index), two rounds of the lowbias32 integer hash (C.
 * Wellons), 16 entries per AVX-512 instruction, kept where the top 31 bits fall below {@code (1 -
 * p) 2^31}. The seed is drawn from PyTorch's generator, so masks follow {@code
 * Engine.setRandomSeed} as before. Gradients flow through the product with the constant mask.
 */
final class HashDropout {
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  private final float rate;

  /**
   * @param rate p in [0, 1)
   */
  HashDropout(float rate) {
    InvalidInputException.require(rate >= 0 && rate < 1, "dropout rate", "must be in [0, 1)", rate);
    this.rate = rate;
  }

  /**
   * @param x any shape, at most 2^31 - 1 entries
   * @return x with each entry zeroed with probability p and the rest scaled by 1 / (1 - p), in x's
   *     manager
   */
  NDArray apply(NDArray x) {
    NDManager manager = x.getManager();
    long seed;
    try (NDArray drawn = manager.randomInteger(0, Long.MAX_VALUE, new Shape(), DataType.INT64)) {
      seed = drawn.getLong();
    }
    float[] mask = new float[Math.toIntExact(x.size())];
    fill(mask, rate, seed);
    return x.mul(manager.create(mask, x.getShape()).toType(x.getDataType(), false));
  }

  /** Writes the mask entries 0 or 1 / (1 - p) for indices 0..mask.length - 1. */
  static void fill(float[] mask, float rate, long seed) {
    int lanes = INTS.length();
    float kept = 1 / (1 - rate);
    int threshold = (int) Math.min(Integer.MAX_VALUE, Math.round((1 - (double) rate) * 0x1p31));
    int low = (int) seed;
    int high = (int) (seed >>> 32);
    IntVector iota = IntVector.zero(INTS).addIndex(1);
    FloatVector zero = FloatVector.zero(FLOATS);
    for (int i = 0; i < mask.length; i += lanes) {
      IntVector h = mix(mix(iota.add(i).add(low)).lanewise(VectorOperators.XOR, high));
      FloatVector entries =
          zero.blend(
              kept,
              h.lanewise(VectorOperators.LSHR, 1)
                  .compare(VectorOperators.LT, threshold)
                  .cast(FLOATS));
      entries.intoArray(mask, i, FLOATS.indexInRange(i, mask.length));
    }
  }

  /** lowbias32: a bijective integer hash with low avalanche bias. */
  private static IntVector mix(IntVector x) {
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
    x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
    return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
  }
}
