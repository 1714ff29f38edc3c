package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * One post-LN layer of PyTorch's {@code nn.TransformerEncoderLayer} (ReLU, {@code
 * batch_first=True}): {@code h = LN1(x + drop(MHA(x))); y = LN2(h + drop(W2 drop(relu(W1 h))))},
 * multi-head attention {@code softmax(q k^T / sqrt(d / heads)) v} with the attention probabilities
 * dropped out as {@code nn.MultiheadAttention} does. Parameters carry PyTorch's names and
 * initialisation (xavier-uniform {@code in_proj}, zero in/out-projection biases, Linear defaults
 * elsewhere, unit gains).
 *
 * <p>Memory: every intermediate lives in a sub-manager of the input's manager that is closed when
 * the layer returns, so only what autograd saves outlives the layer (the softmax output, the
 * dropout masks and the dropped probabilities, [B, heads, S, S] each, when recording), not the
 * scores and other temporaries.
 */
final class TransformerLayer {
  private final int width;
  private final int heads;
  private final Linear inProjection;
  private final Linear outProjection;
  private final Linear feedForwardIn;
  private final Linear feedForwardOut;
  private final NDArray norm1Gain;
  private final NDArray norm1Bias;
  private final NDArray norm2Gain;
  private final NDArray norm2Bias;

  /**
   * Registers the layer's parameters in {@code store} under {@code name.*}.
   *
   * @param width d
   * @param heads attention heads (d must be a multiple)
   * @param feedForward hidden width of the feed-forward block
   */
  TransformerLayer(
      ParameterStore store,
      String name,
      int width,
      int heads,
      int feedForward,
      SplittableRandom rng) {
    this.width = width;
    this.heads = heads;
    double xavier = Math.sqrt(6.0 / (width + 3 * width));
    inProjection =
        new Linear(
            store.uniform(
                name + ".self_attn.in_proj.weight", rng, new Shape(width, 3L * width), xavier),
            store.zeros(name + ".self_attn.in_proj.bias", new Shape(3L * width)));
    outProjection = store.linear(name + ".self_attn.out_proj", width, width, rng);
    outProjection.bias().subi(outProjection.bias());
    feedForwardIn = store.linear(name + ".linear1", width, feedForward, rng);
    feedForwardOut = store.linear(name + ".linear2", feedForward, width, rng);
    norm1Gain = store.add(name + ".norm1.weight", store.manager().ones(new Shape(width)));
    norm1Bias = store.zeros(name + ".norm1.bias", new Shape(width));
    norm2Gain = store.add(name + ".norm2.weight", store.manager().ones(new Shape(width)));
    norm2Bias = store.zeros(name + ".norm2.bias", new Shape(width));
  }

  /**
   * The layer's output.
   *
   * @param x [B, S, d]
   * @param lastTokenOnly compute only the last token's output row (its query attends to all S
   *     tokens): the same values as the last row of the full output, for about 1/S of the
   *     attention, projection and feed-forward work
   * @param dropout the dropout applied at PyTorch's three places (identity when not training)
   * @return [B, S, d], or [B, 1, d] with {@code lastTokenOnly}
   */
  NDArray apply(NDArray x, boolean lastTokenOnly, UnaryOperator<NDArray> dropout) {
    try (NDManager scope = NDManager.subManagerOf(x)) {
      // the in-projection's slices (last-token path) belong here too
      scope.tempAttachAll(x, inProjection.weight(), inProjection.bias());
      long s = x.getShape().get(1);
      NDArray residual = lastTokenOnly ? x.get(":, {}:, :", s - 1) : x;
      NDArray h =
          norm(
              residual.add(dropout.apply(attention(x, lastTokenOnly, dropout))),
              norm1Gain,
              norm1Bias);
      NDArray ff = feedForwardOut.apply(dropout.apply(Activation.relu(feedForwardIn.apply(h))));
      return scope.ret(norm(h.add(dropout.apply(ff)), norm2Gain, norm2Bias));
    }
  }

  /** Multi-head self-attention of the S tokens (or of the last token's query), [B, S|1, d]. */
  private NDArray attention(NDArray x, boolean lastTokenOnly, UnaryOperator<NDArray> dropout) {
    Shape shape = x.getShape();
    long b = shape.get(0);
    long s = shape.get(1);
    int headWidth = width / heads;
    NDArray q;
    NDArray k;
    NDArray v;
    if (lastTokenOnly) {
      NDArray weight = inProjection.weight();
      NDArray bias = inProjection.bias();
      q =
          x.get(":, {}:, :", s - 1)
              .matMul(weight.get(":, 0:{}", width))
              .add(bias.get("0:{}", width));
      NDList kv = x.matMul(weight.get(":, {}:", width)).add(bias.get("{}:", width)).split(2, 2);
      k = kv.get(0);
      v = kv.get(1);
    } else {
      NDList qkv = inProjection.apply(x).split(3, 2);
      q = qkv.get(0);
      k = qkv.get(1);
      v = qkv.get(2);
    }
    long queries = q.getShape().get(1);
    // scaling q ([B, heads, S, d / heads]) rather than the scores ([B, heads, S, S]) saves a pass
    // over the largest array
    q =
        q.reshape(b, queries, heads, headWidth)
            .transpose(0, 2, 1, 3)
            .div(TorchScalar.of(q, Math.sqrt(headWidth)));
    k = k.reshape(b, s, heads, headWidth).transpose(0, 2, 3, 1);
    v = v.reshape(b, s, heads, headWidth).transpose(0, 2, 1, 3);
    NDArray probabilities = dropout.apply(q.matMul(k).softmax(3));
    NDArray mixed = probabilities.matMul(v).transpose(0, 2, 1, 3).reshape(b, queries, width);
    return outProjection.apply(mixed);
  }

  private NDArray norm(NDArray x, NDArray gain, NDArray bias) {
    return x.getNDArrayInternal().layerNorm(x, new Shape(width), gain, bias, 1e-5f).get(0);
  }
}
