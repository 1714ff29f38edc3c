package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Flattened-weights encoder (official {@code FlatParameterEncoder}): the P flat parameters through
 * an MLP P -> 128 -> 128 -> 128 -> 16 with ReLU; 1,797,264 parameters for the formal-languages zoo.
 * It is not permutation invariant, so training permutes hidden units at random ({@link
 * HiddenPermutation}).
 */
public final class FlatWeightsEncoder extends AbstractWeightEncoder {
  private final Mlp mlp;

  /**
   * @param hidden widths of the hidden layers (official three of 128)
   * @param embeddingSize output size (official 16)
   */
  public FlatWeightsEncoder(
      LstmSpec layout,
      NDManager manager,
      DataType dataType,
      SplittableRandom rng,
      int[] hidden,
      int embeddingSize) {
    super(EncoderKind.FLAT, manager, dataType);
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = layout.parameterCount();
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = embeddingSize;
    this.mlp = new Mlp(store, "mlp", rng, sizes);
  }

  @Override
  public NDArray encode(LstmWeights weights) {
    return mlp.apply(weights.flat().toType(store.dataType(), false));
  }
}
