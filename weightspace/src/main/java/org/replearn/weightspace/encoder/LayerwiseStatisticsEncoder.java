package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Layer-wise statistics encoder (official {@code ParameterStatisticsEncoder}, per tensor): for each
 * of the ten tensors its mean, unbiased variance and the quantiles {0, .25, .5, .75, 1} (linear
 * interpolation, as {@code torch.quantile}), 7 x 10 = 70 features, then an MLP 70 -> 128 -> 16 with
 * ReLU. 11,152 parameters.
 *
 * <p>The features depend on the weights alone, which are constants, so they are computed in plain
 * Java; only the MLP is differentiated.
 */
public final class LayerwiseStatisticsEncoder extends AbstractWeightEncoder {

  /** Quantile levels of the official code. */
  static final double[] QUANTILES = {0, 0.25, 0.5, 0.75, 1};

  /** Statistics per tensor: mean, variance and the quantiles. */
  static final int STATISTICS = 2 + QUANTILES.length;

  private final LstmSpec layout;
  private final Mlp mlp;

  /**
   * @param hidden width of the hidden layer (official 128)
   * @param embeddingSize output size (official 16)
   */
  public LayerwiseStatisticsEncoder(
      LstmSpec layout,
      NDManager manager,
      DataType dataType,
      SplittableRandom rng,
      int hidden,
      int embeddingSize) {
    super(EncoderKind.STATS, manager, dataType);
    this.layout = layout;
    this.mlp =
        new Mlp(store, "mlp", rng, STATISTICS * layout.slots().size(), hidden, embeddingSize);
  }

  @Override
  public NDArray encode(LstmWeights weights) {
    return mlp.apply(features(weights));
  }

  /** The 70 statistics, [B, 7 * tensors], tensor-major in flat order. */
  NDArray features(LstmWeights weights) {
    int batch = weights.batchSize();
    int p = layout.parameterCount();
    double[] flat = weights.flat().toType(DataType.FLOAT64, false).toDoubleArray();
    int width = STATISTICS * layout.slots().size();
    double[] features = new double[batch * width];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < layout.slots().size(); t++) {
        int from = b * p + layout.slots().get(t).offset();
        double[] values = Arrays.copyOfRange(flat, from, from + layout.slots().get(t).size());
        statistics(values, features, b * width + t * STATISTICS);
      }
    }
    NDManager manager = weights.flat().getManager();
    return manager.create(features, new Shape(batch, width)).toType(store.dataType(), false);
  }

  /** Writes mean, unbiased variance and the quantiles of {@code values} (sorted in place). */
  static void statistics(double[] values, double[] out, int at) {
    int n = values.length;
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    out[at] = mean;
    out[at + 1] = n > 1 ? squares / (n - 1) : Double.NaN;
    Arrays.sort(values);
    for (int q = 0; q < QUANTILES.length; q++) {
      double position = QUANTILES[q] * (n - 1);
      int low = (int) Math.floor(position);
      int high = Math.min(low + 1, n - 1);
      double fraction = position - low;
      out[at + 2 + q] = values[low] + fraction * (values[high] - values[low]);
    }
  }
}
