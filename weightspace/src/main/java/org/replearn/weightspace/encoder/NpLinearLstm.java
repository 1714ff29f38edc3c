package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * One equivariant linear layer of the deep-weight-space network for LSTMs (official {@code
 * NPLinearLSTM}, after Zhou et al.'s NFN {@code NPLinear}), with the four gates as channels.
 *
 * <p>Features are channels-last: a weight tensor is [B, rows, cols, C], a bias [B, rows, C]; the
 * read-out is the last "i2h" layer. For every weight W the output is the sum of (1) a 1 x 1 map of
 * W itself, (2) a linear map of the means of all ten tensors, broadcast everywhere, (3) a map of
 * vectors indexed by W's columns, broadcast along rows, (4) a map of vectors indexed by W's rows,
 * broadcast along columns; biases get (4) and (2). The neighbour statistics that enter (3) and (4)
 * follow the official code exactly ({@code modules_neural_functionals.py}, {@code NPLinearLSTM} and
 * {@code prepare_lstm_params_for_np}). A permutation of the hidden units of a layer permutes the
 * same row in every gate channel, so the layer is exactly equivariant to it. Learned embeddings are
 * added to the input columns of the first W_ih and to the output rows of W_lin and b_lin, which
 * have no such symmetry.
 */
public final class NpLinearLstm {
  private final LstmSpec layout;
  private final List<Block> inputBlocks = new ArrayList<>();
  private final List<Block> recurrentBlocks = new ArrayList<>();
  private final NDArray inEmbed;
  private final NDArray outEmbed;
  private final NDArray outBiasEmbed;

  /** The six maps that produce one weight tensor and its bias. */
  private record Block(
      Linear pointwise,
      Linear globalToWeight,
      Linear columnsToWeight,
      Linear rowsToWeight,
      Linear rowsToBias,
      Linear globalToBias) {}

  /**
   * @param name prefix of the parameter names in {@code store}
   * @param inChannels C (4 for the first layer: the gates)
   * @param outChannels C'
   */
  public NpLinearLstm(
      ParameterStore store,
      String name,
      LstmSpec layout,
      int inChannels,
      int outChannels,
      SplittableRandom rng) {
    this.layout = layout;
    int layers = layout.layers();
    int global = layout.slots().size() * inChannels;
    for (int l = 0; l <= layers; l++) {
      int columnIn = inChannels * (l > 0 ? 6 : 1);
      int rowIn = inChannels * (l < layers ? 6 : 2);
      inputBlocks.add(
          block(store, name + ".i2h" + l, inChannels, outChannels, global, columnIn, rowIn, rng));
    }
    for (int l = 0; l < layers; l++) {
      int columnIn = 5 * inChannels;
      int rowIn = inChannels * (l < layers - 1 ? 4 : 3);
      recurrentBlocks.add(
          block(store, name + ".h2h" + l, inChannels, outChannels, global, columnIn, rowIn, rng));
    }
    inEmbed =
        store.normal(name + ".in_embed", rng, new Shape(1, 1, layout.inputSize(), inChannels));
    outEmbed =
        store.normal(name + ".out_embed", rng, new Shape(1, layout.outputSize(), 1, inChannels));
    outBiasEmbed =
        store.normal(name + ".out_bias_embed", rng, new Shape(1, layout.outputSize(), inChannels));
  }

  /** The official {@code set_init_}: one bound sqrt(1 / total fan-in) per group of maps. */
  private static Block block(
      ParameterStore store,
      String name,
      int in,
      int out,
      int global,
      int columnIn,
      int rowIn,
      SplittableRandom rng) {
    double weightBound = Math.sqrt(1.0 / (in + global + columnIn + rowIn));
    double biasBound = Math.sqrt(1.0 / (rowIn + global));
    return new Block(
        store.linear(name + ".layer", in, out, rng, weightBound),
        store.linear(name + ".layer_rc", global, out, rng, weightBound),
        store.linear(name + ".layer_r", columnIn, out, rng, weightBound),
        store.linear(name + ".layer_c", rowIn, out, rng, weightBound),
        store.linear(name + ".bias", rowIn, out, rng, biasBound),
        store.linear(name + ".bias_rc", global, out, rng, biasBound));
  }

  /**
   * The network's input features: LSTM weights [B, 4H, in] become [B, H, in, 4] with the gates (i,
   * f, g, o) as channels, biases [B, H, 4]; W_lin and b_lin are repeated over the 4 channels.
   */
  public static NDList gateChannels(LstmWeights weights) {
    LstmSpec layout = weights.layout();
    int b = weights.batchSize();
    int h = layout.hiddenSize();
    NDList out = new NDList();
    for (int l = 0; l < layout.layers(); l++) {
      for (int k = 0; k < 4; k++) {
        NDArray t = weights.tensor(4 * l + k);
        if (k < 2) {
          long cols = t.getShape().get(2);
          out.add(t.reshape(b, 4, h, cols).transpose(0, 2, 3, 1));
        } else {
          out.add(t.reshape(b, 4, h).transpose(0, 2, 1));
        }
      }
    }
    out.add(weights.outputWeight().expandDims(3).repeat(3, 4));
    out.add(weights.outputBias().expandDims(2).repeat(2, 4));
    return out;
  }

  /**
   * Applies the layer.
   *
   * @param x the ten tensors in flat order, weights [B, rows, cols, C], biases [B, rows, C]
   * @return the ten output tensors with C' channels
   */
  public NDList apply(NDList x) {
    int layers = layout.layers();
    int n = layout.slots().size();
    int out = 4 * layout.layers();
    NDArray[] t = x.toArray(new NDArray[0]);
    t[0] = t[0].add(inEmbed);
    t[out] = t[out].add(outEmbed);
    t[out + 1] = t[out + 1].add(outBiasEmbed);
    NDArray[] rowMean = new NDArray[n];
    NDArray[] colMean = new NDArray[n];
    NDList weightMeans = new NDList();
    NDList biasMeans = new NDList();
    for (int i = 0; i < n; i++) {
      if (isWeight(i)) {
        rowMean[i] = t[i].mean(new int[] {1});
        colMean[i] = t[i].mean(new int[] {2});
        weightMeans.add(colMean[i].mean(new int[] {1}));
      } else {
        biasMeans.add(t[i].mean(new int[] {1}));
      }
    }
    weightMeans.addAll(biasMeans);
    NDArray global = NDArrays.concat(weightMeans, 1);
    NDArray[] result = new NDArray[n];
    for (int l = 0; l <= layers; l++) {
      int w = l < layers ? 4 * l : out;
      int bias = l < layers ? 4 * l + 2 : out + 1;
      NDList columns = new NDList(rowMean[w]);
      if (l > 0) {
        int p = 4 * (l - 1);
        columns.addAll(new NDList(colMean[p], t[p + 2], colMean[p + 1], t[p + 3], rowMean[p + 1]));
      }
      NDList rows = new NDList(colMean[w], t[bias]);
      if (l < layers) {
        int next = l + 1 < layers ? 4 * (l + 1) : out;
        rows.addAll(
            new NDList(colMean[4 * l + 1], t[4 * l + 3], rowMean[4 * l + 1], rowMean[next]));
      }
      apply(inputBlocks.get(l), t[w], global, columns, rows, result, w, bias);
    }
    for (int l = 0; l < layers; l++) {
      int w = 4 * l + 1;
      NDList columns =
          new NDList(rowMean[w], colMean[w], t[4 * l + 3], colMean[4 * l], t[4 * l + 2]);
      NDList rows = new NDList(colMean[w], t[4 * l + 3], rowMean[w]);
      if (l < layers - 1) {
        rows.add(rowMean[4 * (l + 1)]);
      }
      apply(recurrentBlocks.get(l), t[w], global, columns, rows, result, w, 4 * l + 3);
    }
    return new NDList(result);
  }

  private static void apply(
      Block block,
      NDArray weight,
      NDArray global,
      NDList columns,
      NDList rows,
      NDArray[] result,
      int weightIndex,
      int biasIndex) {
    NDArray rowFeatures = NDArrays.concat(rows, 2);
    NDArray globalW = block.globalToWeight().apply(global);
    Shape g = globalW.getShape();
    result[weightIndex] =
        block
            .pointwise()
            .apply(weight)
            .add(globalW.reshape(g.get(0), 1, 1, g.get(1)))
            .add(block.columnsToWeight().apply(NDArrays.concat(columns, 2)).expandDims(1))
            .add(block.rowsToWeight().apply(rowFeatures).expandDims(2));
    result[biasIndex] =
        block.rowsToBias().apply(rowFeatures).add(block.globalToBias().apply(global).expandDims(1));
  }

  /** Whether tensor i of the flat order is a weight matrix (else a bias). */
  private boolean isWeight(int i) {
    return i == 4 * layout.layers() || (i < 4 * layout.layers() && i % 4 < 2);
  }
}
