package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Deep-weight-space encoder for LSTMs (official {@code NFLSTMParameterEncoder}, config {@code nf}):
 * the weights with gates as channels ({@link NpLinearLstm#gateChannels}) through {@link
 * NpLinearLstm} layers 4 -> 48 -> 48 -> 48 -> 48 with ReLU between, each output tensor averaged
 * over all its entries (10 x 48 = 480 invariant features), then an MLP 480 -> 128 -> 16. 1,279,736
 * parameters for the formal-languages zoo. Invariant to hidden-unit permutations.
 */
public final class DeepWeightSpaceEncoder extends AbstractWeightEncoder {
  private final LstmSpec layout;
  private final List<NpLinearLstm> layers = new ArrayList<>();
  private final Mlp mlp;

  /**
   * @param channels output channels of each equivariant layer (official four of 48)
   * @param mlpHidden hidden width of the final MLP (official 128)
   * @param embeddingSize output size (official 16)
   */
  public DeepWeightSpaceEncoder(
      LstmSpec layout,
      NDManager manager,
      DataType dataType,
      SplittableRandom rng,
      int[] channels,
      int mlpHidden,
      int embeddingSize) {
    super(EncoderKind.DWS, manager, dataType);
    this.layout = layout;
    int in = 4;
    for (int i = 0; i < channels.length; i++) {
      layers.add(new NpLinearLstm(store, "np" + i, layout, in, channels[i], rng));
      in = channels[i];
    }
    this.mlp = new Mlp(store, "mlp", rng, layout.slots().size() * in, mlpHidden, embeddingSize);
  }

  @Override
  public NDArray encode(LstmWeights weights) {
    NDList x = NpLinearLstm.gateChannels(weights);
    NDList typed = new NDList();
    for (NDArray a : x) {
      typed.add(a.toType(store.dataType(), false));
    }
    x = typed;
    for (int i = 0; i < layers.size(); i++) {
      if (i > 0) {
        NDList activated = new NDList();
        for (NDArray a : x) {
          activated.add(Activation.relu(a));
        }
        x = activated;
      }
      x = layers.get(i).apply(x);
    }
    NDList pooled = new NDList();
    for (int t = 0; t < layout.slots().size(); t++) {
      NDArray a = x.get(t);
      pooled.add(
          a.getShape().dimension() == 4
              ? a.mean(new int[] {2}).mean(new int[] {1})
              : a.mean(new int[] {1}));
    }
    return mlp.apply(NDArrays.concat(pooled, 1));
  }
}
