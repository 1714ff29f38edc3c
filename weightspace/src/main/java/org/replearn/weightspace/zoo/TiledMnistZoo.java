package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;

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
    InvalidInputException.require(evalBatches >= 1, "eval batches", "must be >= 1", evalBatches);
    InvalidInputException.require(
        evalBatchSize >= 1, "eval batch size", "must be >= 1", evalBatchSize);
    InvalidInputException.require(
        storedRollouts >= 0 && storedRollouts <= evalBatchSize,
        "stored rollouts",
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

  /** Inputs [M, 50, B, 16] and one-hot targets [M, 50, B, 10] of chosen images, for evaluation. */
  private NDList tiledBatch(List<ZooMember> members, int[][] chosen, NDManager manager) {
    int m = members.size();
    int b = chosen[0].length;
    int steps = TiledMnist.STEPS;
    int perModel = steps * b * TiledMnist.TILE_PIXELS;
    float[] x = new float[m * perModel];
    float[] y = new float[m * steps * b * TiledMnist.CLASSES];
    for (int k = 0; k < m; k++) {
      tiles(members.get(k).task()[0], chosen[k], x, k * perModel);
      for (int t = 0; t < steps; t++) {
        for (int i = 0; i < b; i++) {
          y[((k * steps + t) * b + i) * TiledMnist.CLASSES + images.labels()[chosen[k][i]]] = 1f;
        }
      }
    }
    return new NDList(
        manager.create(x, new Shape(m, steps, b, TiledMnist.TILE_PIXELS)),
        manager.create(y, new Shape(m, steps, b, TiledMnist.CLASSES)));
  }

  @Override
  public Evaluation evaluate(
      BatchedLstm lstm, List<ZooMember> members, long step, NDManager manager) {
    int m = members.size();
    int[] train = trainIndices();
    int[] eval = TiledMnist.evalIndices(images.count());
    InvalidInputException.require(
        eval.length > 0, "images", "must include evaluation images", images.count());
    int[][] trainOrder = new int[m][];
    int[][] evalOrder = new int[m][];
    for (int k = 0; k < m; k++) {
      SplittableRandom rng = members.get(k).evalRandom(step);
      trainOrder[k] = take(train, RandomArrays.permutation(rng, train.length));
      evalOrder[k] = take(eval, RandomArrays.permutation(rng, eval.length));
    }
    int stored = Math.min(storedRollouts, train.length);
    float[] storedX = new float[m * stored * TiledMnist.STEPS * TiledMnist.TILE_PIXELS];
    float[] storedY = new float[m * stored * TiledMnist.STEPS * TiledMnist.CLASSES];
    Pass trainPass = pass(lstm, members, trainOrder, manager, stored, storedX, storedY);
    Pass evalPass = pass(lstm, members, evalOrder, manager, 0, null, null);
    double[][] metrics = new double[m][];
    for (int k = 0; k < m; k++) {
      double accuracy = (double) evalPass.correct[k] / evalPass.count;
      metrics[k] =
          new double[] {
            accuracy, trainPass.loss[k], evalPass.loss[k], evalPass.loss[k] - trainPass.loss[k]
          };
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

  /** Losses (mean of batch means), correct counts and images seen in one evaluation pass. */
  private record Pass(double[] loss, long[] correct, int count) {}

  private Pass pass(
      BatchedLstm lstm,
      List<ZooMember> members,
      int[][] order,
      NDManager manager,
      int stored,
      float[] storedX,
      float[] storedY) {
    int m = members.size();
    int total = Math.min(order[0].length, evalBatches * evalBatchSize);
    double[] batchLossSum = new double[m];
    double[] meanOfMeans = new double[m];
    long[] correct = new long[m];
    int batches = 0;
    int inBatch = 0;
    for (int start = 0; start < total; ) {
      int batchEnd = Math.min(total, (start / evalBatchSize + 1) * evalBatchSize);
      int end = Math.min(batchEnd, start + CHUNK);
      int c = end - start;
      int[][] chosen = new int[m][c];
      for (int k = 0; k < m; k++) {
        System.arraycopy(order[k], start, chosen[k], 0, c);
      }
      try (NDManager scope = manager.newSubManager()) {
        NDList batch = tiledBatch(members, chosen, scope);
        NDArray logits = lstm.forward(lstm.prepare(scope), batch.get(0));
        float[] imageLoss =
            logits.logSoftmax(-1).mul(batch.get(1)).sum(new int[] {1, 3}).neg().toFloatArray();
        long[] predicted = logits.get(":, -1").argMax(-1).toLongArray();
        for (int k = 0; k < m; k++) {
          for (int i = 0; i < c; i++) {
            batchLossSum[k] += imageLoss[k * c + i] / TiledMnist.STEPS;
            if (predicted[k * c + i] == images.labels()[chosen[k][i]]) {
              correct[k]++;
            }
          }
        }
        if (start < stored) {
          copyStored(batch.get(0), logits, start, Math.min(end, stored), stored, storedX, storedY);
        }
      }
      inBatch += c;
      start = end;
      if (start == batchEnd) {
        for (int k = 0; k < m; k++) {
          meanOfMeans[k] += batchLossSum[k] / inBatch;
          batchLossSum[k] = 0;
        }
        batches++;
        inBatch = 0;
      }
    }
    for (int k = 0; k < m; k++) {
      meanOfMeans[k] /= batches;
    }
    return new Pass(meanOfMeans, correct, total);
  }

  /** Copies images [from, to) of a chunk starting at {@code chunkStart} into the stored arrays. */
  private static void copyStored(
      NDArray inputs,
      NDArray logits,
      int chunkStart,
      int to,
      int stored,
      float[] storedX,
      float[] storedY) {
    Shape s = inputs.getShape();
    int m = (int) s.get(0);
    int c = (int) s.get(2);
    int steps = TiledMnist.STEPS;
    float[] x = inputs.toFloatArray();
    float[] y = logits.toFloatArray();
    for (int k = 0; k < m; k++) {
      for (int i = 0; i < to - chunkStart; i++) {
        int row = chunkStart + i;
        for (int t = 0; t < steps; t++) {
          System.arraycopy(
              x,
              ((k * steps + t) * c + i) * TiledMnist.TILE_PIXELS,
              storedX,
              ((k * stored + row) * steps + t) * TiledMnist.TILE_PIXELS,
              TiledMnist.TILE_PIXELS);
          System.arraycopy(
              y,
              ((k * steps + t) * c + i) * TiledMnist.CLASSES,
              storedY,
              ((k * stored + row) * steps + t) * TiledMnist.CLASSES,
              TiledMnist.CLASSES);
        }
      }
    }
  }

  @Override
  public double splitCriterion(double[] task) {
    return task[0];
  }
}
