package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
 * <p>Dropout draws from PyTorch's generator; the emulation trainer seeds it per step so runs stay
 * reproducible and resumable.
 */
public final class ParameterTransformerEncoder implements WeightEncoder {
  private final LstmSpec layout;
  private final ParameterStore store;
  private final int width;
  private final int heads;
  private final float dropout;
  private final List<Linear> tokenMaps = new ArrayList<>();
  private final List<Layer> layers = new ArrayList<>();
  private final NDArray compressionToken;
  private final NDArray positions;
  private final Linear output;
  private boolean training;

  private record Layer(
      Linear inProjection,
      Linear outProjection,
      Linear feedForwardIn,
      Linear feedForwardOut,
      NDArray norm1Gain,
      NDArray norm1Bias,
      NDArray norm2Gain,
      NDArray norm2Bias) {}

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
    this.layout = layout;
    this.store = new ParameterStore(manager, dataType);
    this.width = width;
    this.heads = heads;
    this.dropout = dropout;
    int tokens = 1;
    for (int t : weightTensors(layout)) {
      long[] shape = layout.slots().get(t).shape();
      tokenMaps.add(store.linear("tokens." + t, (int) shape[1] + 1, width, rng));
      tokens += (int) shape[0];
    }
    for (int l = 0; l < depth; l++) {
      String name = "layers." + l;
      // nn.MultiheadAttention: xavier-uniform in_proj, zero in/out biases; Linear defaults
      // elsewhere
      double xavier = Math.sqrt(6.0 / (width + 3 * width));
      NDArray inWeight =
          store.uniform(
              name + ".self_attn.in_proj.weight", rng, new Shape(width, 3L * width), xavier);
      NDArray inBias = store.zeros(name + ".self_attn.in_proj.bias", new Shape(3L * width));
      Linear outProjection = store.linear(name + ".self_attn.out_proj", width, width, rng);
      outProjection.bias().subi(outProjection.bias());
      layers.add(
          new Layer(
              new Linear(inWeight, inBias),
              outProjection,
              store.linear(name + ".linear1", width, feedForward, rng),
              store.linear(name + ".linear2", feedForward, width, rng),
              store.add(name + ".norm1.weight", store.manager().ones(new Shape(width))),
              store.zeros(name + ".norm1.bias", new Shape(width)),
              store.add(name + ".norm2.weight", store.manager().ones(new Shape(width))),
              store.zeros(name + ".norm2.bias", new Shape(width))));
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
  public EncoderKind kind() {
    return EncoderKind.TRANSFORMER;
  }

  @Override
  public ParameterStore parameters() {
    return store;
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
    for (Layer layer : layers) {
      x = norm(x.add(drop(attention(layer, x))), layer.norm1Gain(), layer.norm1Bias());
      NDArray ff =
          layer.feedForwardOut().apply(drop(Activation.relu(layer.feedForwardIn().apply(x))));
      x = norm(x.add(drop(ff)), layer.norm2Gain(), layer.norm2Bias());
    }
    long s = x.getShape().get(1);
    return output.apply(x.get(":, {}, :", s - 1));
  }

  /** Multi-head self-attention, [B, S, d] to [B, S, d]. */
  private NDArray attention(Layer layer, NDArray x) {
    Shape shape = x.getShape();
    long b = shape.get(0);
    long s = shape.get(1);
    int headWidth = width / heads;
    NDList qkv = layer.inProjection().apply(x).split(3, 2);
    NDArray q = qkv.get(0).reshape(b, s, heads, headWidth).transpose(0, 2, 1, 3);
    NDArray k = qkv.get(1).reshape(b, s, heads, headWidth).transpose(0, 2, 3, 1);
    NDArray v = qkv.get(2).reshape(b, s, heads, headWidth).transpose(0, 2, 1, 3);
    NDArray weights = drop(q.matMul(k).div(Math.sqrt(headWidth)).softmax(3));
    NDArray mixed = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, s, width);
    return layer.outProjection().apply(mixed);
  }

  private NDArray norm(NDArray x, NDArray gain, NDArray bias) {
    return x.getNDArrayInternal().layerNorm(x, new Shape(width), gain, bias, 1e-5f).get(0);
  }

  private NDArray drop(NDArray x) {
    return training && dropout > 0 ? x.getNDArrayInternal().dropout(x, dropout, true).get(0) : x;
  }
}
