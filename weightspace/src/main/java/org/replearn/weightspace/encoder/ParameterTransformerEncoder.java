package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Parameter transformer (official {@code ParameterTransformerEncoder}): one token per neuron row
 * {@code [weight row | bias]} of each of the five weight matrices, each matrix with its own
 * Linear(in + 1 -> d); a learned compression token appended; learned positional embeddings (randn);
 * a post-LN {@code nn.TransformerEncoder} (6 layers, d = 128, 2 heads, feed-forward 512, ReLU,
 * dropout 0.1 as PyTorch's default); Linear(d -> 16) of the compression token. 1,276,688 parameters
 * for the formal-languages zoo (sequence length 4 x 128 + 6 + 1 = 519). Not permutation invariant:
 * trained with permutation augmentation.
 *
 * <p>Cost: about 2 GFLOP forward per checkpoint, most of it the 519 x 519 attention and the
 * per-token linear maps. Since only the compression token is read out, the last layer computes that
 * token's row alone (the same values, about 1/6 less work); each layer frees its temporaries on
 * return (see {@link TransformerLayer}). Autograd still keeps tens of MB per checkpoint for the
 * backward pass, so the emulation trainer runs the official batch of 64 in micro-batches ({@link
 * EncoderKind#defaultMicroBatch()}).
 *
 * <p>Dropout masks are drawn in plain Java ({@link Dropout}: PyTorch's CPU dropout draws them one
 * entry at a time) under a key drawn from PyTorch's generator; the emulation trainer seeds that
 * generator per step so runs stay reproducible and resumable.
 */
public final class ParameterTransformerEncoder extends AbstractWeightEncoder {
  private final LstmSpec layout;
  private final int width;
  private final float dropout;
  private final List<Linear> tokenMaps = new ArrayList<>();
  private final List<TransformerLayer> layers = new ArrayList<>();
  private final NDArray compressionToken;
  private final NDArray positions;
  private final Linear output;
  private boolean training;

  /**
   * @param width d (official 128)
   * @param depth transformer layers (official 6)
   * @param heads attention heads (official 2)
   * @param feedForward feed-forward width (official 4 d = 512)
   * @param dropout dropout rate in training (official 0.1)
   * @param embeddingSize output size (official 16)
   */
  public ParameterTransformerEncoder(
      LstmSpec layout,
      NDManager manager,
      DataType dataType,
      SplittableRandom rng,
      int width,
      int depth,
      int heads,
      int feedForward,
      float dropout,
      int embeddingSize) {
    super(EncoderKind.TRANSFORMER, manager, dataType);
    this.layout = layout;
    this.width = width;
    this.dropout = dropout;
    int tokens = 1;
    for (int t : weightTensors(layout)) {
      long[] shape = layout.slots().get(t).shape();
      tokenMaps.add(store.linear("tokens." + t, (int) shape[1] + 1, width, rng));
      tokens += (int) shape[0];
    }
    for (int l = 0; l < depth; l++) {
      layers.add(new TransformerLayer(store, "layers." + l, width, heads, feedForward, rng));
    }
    compressionToken = store.zeros("compression_token", new Shape(1, 1, width));
    positions = store.normal("positional_encoding", rng, new Shape(1, tokens, width));
    output = store.linear("output_projection", width, embeddingSize, rng);
  }

  /** Tensor indices of the weight matrices in the official order (biases are folded in). */
  private static int[] weightTensors(LstmSpec layout) {
    int[] t = new int[2 * layout.layers() + 1];
    for (int l = 0; l < layout.layers(); l++) {
      t[2 * l] = 4 * l;
      t[2 * l + 1] = 4 * l + 1;
    }
    t[t.length - 1] = 4 * layout.layers();
    return t;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  @Override
  public NDArray encode(LstmWeights weights) {
    int b = weights.batchSize();
    int[] matrices = weightTensors(layout);
    NDList sequence = new NDList();
    for (int i = 0; i < matrices.length; i++) {
      int t = matrices[i];
      NDArray matrix = weights.tensor(t).toType(store.dataType(), false);
      NDArray bias =
          weights.tensor(t + (t == 4 * layout.layers() ? 1 : 2)).toType(store.dataType(), false);
      sequence.add(tokenMaps.get(i).apply(matrix.concat(bias.expandDims(2), 2)));
    }
    sequence.add(compressionToken.broadcast(b, 1, width));
    NDArray x = NDArrays.concat(sequence, 1).add(positions);
    for (int l = 0; l < layers.size(); l++) {
      // only the compression token is read out, so the last layer computes its row alone
      x = layers.get(l).apply(x, l == layers.size() - 1, this::drop);
    }
    return output.apply(x.get(":, {}, :", x.getShape().get(1) - 1));
  }

  private NDArray drop(NDArray x) {
    return training && dropout > 0 ? Dropout.apply(x, dropout) : x;
  }
}
