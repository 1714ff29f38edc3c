package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.FlatAdamW;

/**
 * The training updates of M zoo models on one thread: per update and model, the model's own batch,
 * the fused forward and backward of {@link LstmKernel} and AdamW ({@link
 * org.replearn.core.train.FlatAdamW}) with the model's own decoupled weight decay. {@link
 * ZooTrainer} runs these updates between its checkpoints; the zoo benchmarks time them.
 *
 * <p>The weight and moment rows are used in place (the caller's arrays change). Not thread-safe.
 */
public final class ZooUpdates {
  /** torch.optim.AdamW's defaults for betas and eps (weight decay is per model). */
  static final AdamW.Config ADAM = new AdamW.Config(0.9, 0.999, 1e-8, 0);

  private final TrainingRecipe recipe;
  private final List<ZooMember> members;
  private final List<ZooTask.TrainingData> data = new ArrayList<>();
  private final LstmKernel kernel;
  private final FlatAdamW adam = new FlatAdamW(ADAM, FlatAdamW.Rounding.SQUARE_FIRST);
  private final float[] gradient;
  private final float[][] weights;
  private final float[][] firstMoments;
  private final float[][] secondMoments;

  /**
   * Updates of {@code members} on {@code task}'s data with the recipe's batch size and learning
   * rates.
   *
   * @param weights flat weights, one row [P] per member, updated in place
   * @param firstMoments AdamW first moments, [M][P], updated in place
   * @param secondMoments AdamW second moments, [M][P], updated in place
   */
  public ZooUpdates(
      ZooTask task,
      TrainingRecipe recipe,
      List<ZooMember> members,
      float[][] weights,
      float[][] firstMoments,
      float[][] secondMoments) {
    this.recipe = recipe;
    this.members = List.copyOf(members);
    for (ZooMember member : members) {
      data.add(task.trainingData(member));
    }
    this.kernel = new LstmKernel(task.spec());
    this.gradient = new float[task.spec().parameterCount()];
    this.weights = weights;
    this.firstMoments = firstMoments;
    this.secondMoments = secondMoments;
  }

  /** Updates for {@code members} from their initial weights and zero moments. */
  public static ZooUpdates fromScratch(
      ZooTask task, TrainingRecipe recipe, List<ZooMember> members) {
    int p = task.spec().parameterCount();
    float[][] weights = new float[members.size()][];
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] all = ZooTrainer.initialWeights(task.spec(), members, manager).toFloatArray();
      for (int k = 0; k < weights.length; k++) {
        weights[k] = java.util.Arrays.copyOfRange(all, k * p, (k + 1) * p);
      }
    }
    return new ZooUpdates(
        task, recipe, members, weights, new float[members.size()][p], new float[members.size()][p]);
  }

  /** Update {@code u} (0-based) of every model; returns the models' summed training loss. */
  public double update(long u) {
    double lr = recipe.learningRate(u);
    double loss = 0;
    for (int k = 0; k < members.size(); k++) {
      ZooTask.Batch batch = data.get(k).batch(u, recipe.batchSize());
      loss +=
          kernel.lossAndGradient(
              weights[k], batch.inputs(), batch.targets(), batch.steps(), batch.size(), gradient);
      adam.step(
          weights[k],
          gradient,
          firstMoments[k],
          secondMoments[k],
          u + 1,
          lr,
          members.get(k).weightDecay());
    }
    return loss;
  }
}
