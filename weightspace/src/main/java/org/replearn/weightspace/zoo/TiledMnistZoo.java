package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.core.numeric.ArgMax;

/**
 * The tiled sequential-MNIST zoo (official {@code dataset_creation_sequential_mnist.py}): each
 * model classifies MNIST training images rotated by its own angle (uniform in [0, 360)), read as 50
 * tiles ({@link TiledMnist}), with mean cross-entropy over all 50 steps against the repeated label.
 * Its weight decay is drawn from {0, 0.001, 0.01, 0.1}. Training walks shuffled epochs of the
 * hash-split training part in batches (the last batch of an epoch is smaller, as a PyTorch
 * DataLoader makes it).
 *
 * <p>A checkpoint measures, as {@code evaluate_model} does: on up to {@code evalBatches} shuffled
 * batches of {@code evalBatchSize} training images the train loss, on the evaluation part the eval
 * loss and the accuracy of the last step's argmax; losses are means over batches of the batch
 * means. The first {@code storedRollouts} training images of the first batch are stored with their
 * raw logits.
 *
 * @param images the MNIST training set (or a prefix of it, e.g. the fixture)
 * @param evalBatches batches per evaluation (official: 13, i.e. batch indices 0..12)
 * @param evalBatchSize images per evaluation batch (1000)
 * @param storedRollouts stored images per checkpoint (100)
 */
public record TiledMnistZoo(
    ImageDataset images, int evalBatches, int evalBatchSize, int storedRollouts)
    implements ZooTask {

  /** Weight decays drawn uniformly per model. */
  public static final double[] WEIGHT_DECAYS = {0.0, 0.001, 0.01, 0.1};

  /** Images per forward chunk (bounds memory: M x 50 x chunk x 4H floats). */
  private static final int CHUNK = 250;

  public TiledMnistZoo {
    InvalidInputException.require(
        images.rows() == TiledMnist.SIDE && images.cols() == TiledMnist.SIDE,
        "images",
        "must be 28 x 28",
        images.rows() + " x " + images.cols());
    InvalidInputException.require(evalBatches >= 1, "evalBatches", "must be >= 1", evalBatches);
    InvalidInputException.require(
        evalBatchSize >= 1, "evalBatchSize", "must be >= 1", evalBatchSize);
    InvalidInputException.require(
        storedRollouts >= 0 && storedRollouts <= evalBatchSize,
        "storedRollouts",
        "must be in [0, eval batch size]",
        storedRollouts);
  }

  /** The official evaluation settings on {@code images}. */
  public static TiledMnistZoo official(ImageDataset images) {
    return new TiledMnistZoo(images, 13, 1000, 100);
  }

  @Override
  public String id() {
    return "tiled-mnist";
  }

  @Override
  public LstmSpec spec() {
    return LstmSpec.tiledMnist();
  }

  @Override
  public List<String> metricNames() {
    return List.of("evalAccuracy", "trainLoss", "evalLoss", "generalizationGap");
  }

  @Override
  public ZooMember member(Seeds zooSeed, int index) {
    Seeds seeds = zooSeed.child(index);
    SplittableRandom rng = seeds.child("task").random();
    double angle = rng.nextDouble() * 360;
    double decay = WEIGHT_DECAYS[rng.nextInt(WEIGHT_DECAYS.length)];
    return new ZooMember(index, new double[] {angle}, decay, seeds);
  }

  private int[] trainIndices() {
    return TiledMnist.trainIndices(images.count());
  }

  @Override
  public TrainingData trainingData(ZooMember member) {
    int[] train = trainIndices();
    double angle = member.task()[0];
    return new TrainingData() {
      private long epoch = -1;
      private int[] order;

      @Override
      public Batch batch(long update, int batchSize) {
        long perEpoch = (train.length + batchSize - 1) / batchSize;
        if (update / perEpoch != epoch) {
          epoch = update / perEpoch;
          order = epochOrder(member, epoch, train.length);
        }
        int start = (int) (update % perEpoch) * batchSize;
        int size = Math.min(batchSize, train.length - start);
        int[] chosen = new int[size];
        for (int b = 0; b < size; b++) {
          chosen[b] = train[order[start + b]];
        }
        float[] x = new float[TiledMnist.STEPS * size * TiledMnist.TILE_PIXELS];
        int[] y = new int[TiledMnist.STEPS * size];
        tiles(angle, chosen, x, 0);
        for (int n = 0; n < y.length; n++) {
          y[n] = images.labels()[chosen[n % size]];
        }
        return new Batch(x, y, TiledMnist.STEPS, size);
      }
    };
  }

  /** The shuffled order of the training part in epoch {@code epoch} of one model. */
  private static int[] epochOrder(ZooMember member, long epoch, int n) {
    return RandomArrays.permutation(member.seeds().child("epoch").child(epoch).random(), n);
  }

  /**
   * Writes the rotated, tiled images {@code chosen} as a time-major sequence [50, B, 16] into
   * {@code x} from {@code start}.
   */
  private void tiles(double angle, int[] chosen, float[] x, int start) {
    int b = chosen.length;
    int tile = TiledMnist.TILE_PIXELS;
    byte[] rotated = new byte[TiledMnist.SIDE * TiledMnist.SIDE];
    float[] seq = new float[TiledMnist.STEPS * tile];
    int pixels = TiledMnist.SIDE * TiledMnist.SIDE;
    for (int i = 0; i < b; i++) {
      TiledMnist.rotate(images.pixels(), chosen[i] * pixels, angle, rotated);
      TiledMnist.tiles(rotated, seq, 0);
      for (int t = 0; t < TiledMnist.STEPS; t++) {
        System.arraycopy(seq, t * tile, x, start + (t * b + i) * tile, tile);
      }
    }
  }

  @Override
  public Evaluation evaluate(
      float[][] weights, List<ZooMember> members, long step, NDManager manager) {
    int m = members.size();
    int[] train = trainIndices();
    int[] eval = TiledMnist.evalIndices(images.count());
    InvalidInputException.require(
        eval.length > 0, "images", "must include evaluation images", images.count());
    int stored = Math.min(storedRollouts, train.length);
    int storedInputs = stored * TiledMnist.STEPS * TiledMnist.TILE_PIXELS;
    int storedOutputs = stored * TiledMnist.STEPS * TiledMnist.CLASSES;
    float[] storedX = new float[m * storedInputs];
    float[] storedY = new float[m * storedOutputs];
    double[][] metrics = new double[m][];
    LstmKernel kernel = new LstmKernel(spec());
    for (int k = 0; k < m; k++) {
      SplittableRandom rng = members.get(k).evalRandom(step);
      int[] trainOrder = take(train, RandomArrays.permutation(rng, train.length));
      int[] evalOrder = take(eval, RandomArrays.permutation(rng, eval.length));
      double angle = members.get(k).task()[0];
      float[] x = new float[stored * TiledMnist.STEPS * TiledMnist.TILE_PIXELS];
      float[] y = new float[stored * TiledMnist.STEPS * TiledMnist.CLASSES];
      Pass trainPass = pass(kernel, weights[k], angle, trainOrder, stored, x, y);
      Pass evalPass = pass(kernel, weights[k], angle, evalOrder, 0, null, null);
      reorder(x, stored, TiledMnist.TILE_PIXELS, storedX, k * storedInputs);
      reorder(y, stored, TiledMnist.CLASSES, storedY, k * storedOutputs);
      double accuracy = (double) evalPass.correct / evalPass.count;
      metrics[k] =
          new double[] {accuracy, trainPass.loss, evalPass.loss, evalPass.loss - trainPass.loss};
    }
    NDArray sequences =
        manager
            .create(storedX, new Shape(m, stored, TiledMnist.STEPS, TiledMnist.TILE_PIXELS))
            .toType(DataType.FLOAT16, false);
    NDArray outputs =
        manager
            .create(storedY, new Shape(m, stored, TiledMnist.STEPS, TiledMnist.CLASSES))
            .toType(DataType.FLOAT16, false);
    return new Evaluation(metrics, sequences, outputs);
  }

  private static int[] take(int[] values, int[] order) {
    int[] out = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  /** Loss (mean of batch means), correct count and images seen in one evaluation pass. */
  private record Pass(double loss, long correct, int count) {}

  /**
   * One evaluation pass of one model over the first {@code evalBatches * evalBatchSize} images of
   * {@code order}, in chunks of {@link #CHUNK}; the first {@code stored} images' inputs and logits
   * go to {@code storedX} [50, stored, 16] and {@code storedY} [50, stored, 10].
   */
  private Pass pass(
      LstmKernel kernel,
      float[] w,
      double angle,
      int[] order,
      int stored,
      float[] storedX,
      float[] storedY) {
    int total = Math.min(order.length, evalBatches * evalBatchSize);
    int steps = TiledMnist.STEPS;
    int classes = TiledMnist.CLASSES;
    int tile = TiledMnist.TILE_PIXELS;
    double batchLossSum = 0;
    double meanOfMeans = 0;
    long correct = 0;
    int batches = 0;
    int inBatch = 0;
    float[] x = new float[steps * CHUNK * tile];
    float[] z = new float[steps * CHUNK * classes];
    for (int start = 0; start < total; ) {
      int batchEnd = Math.min(total, (start / evalBatchSize + 1) * evalBatchSize);
      int end = Math.min(batchEnd, start + CHUNK);
      int c = end - start;
      int[] chosen = Arrays.copyOfRange(order, start, end);
      tiles(angle, chosen, x, 0);
      kernel.logits(w, x, steps, c, z);
      for (int i = 0; i < c; i++) {
        int label = images.labels()[chosen[i]];
        double loss = 0;
        for (int t = 0; t < steps; t++) {
          int row = (t * c + i) * classes;
          loss += VectorMath.logSumExp(z, row, classes) - z[row + label];
        }
        batchLossSum += loss / steps;
        if (ArgMax.of(z, ((steps - 1) * c + i) * classes, classes) == label) {
          correct++;
        }
      }
      for (int i = start; i < Math.min(end, stored); i++) {
        for (int t = 0; t < steps; t++) {
          System.arraycopy(x, (t * c + i - start) * tile, storedX, (t * stored + i) * tile, tile);
          System.arraycopy(
              z, (t * c + i - start) * classes, storedY, (t * stored + i) * classes, classes);
        }
      }
      inBatch += c;
      start = end;
      if (start == batchEnd) {
        meanOfMeans += batchLossSum / inBatch;
        batchLossSum = 0;
        batches++;
        inBatch = 0;
      }
    }
    return new Pass(meanOfMeans / batches, correct, total);
  }

  /** Copies time-major rows [50, R, width] into model-major [R, 50, width] at {@code start}. */
  private static void reorder(float[] src, int r, int width, float[] dst, int start) {
    for (int t = 0; t < TiledMnist.STEPS; t++) {
      for (int i = 0; i < r; i++) {
        System.arraycopy(
            src, (t * r + i) * width, dst, start + (i * TiledMnist.STEPS + t) * width, width);
      }
    }
  }

  @Override
  public double splitCriterion(double[] task) {
    return task[0];
  }
}
