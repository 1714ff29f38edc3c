package org.replearn.multiview;

import java.io.IOException;
import org.replearn.core.data.DataCache;
import org.replearn.core.engine.Devices;
import org.replearn.core.engine.Seeds;
import org.replearn.multiview.loss.M3gLoss;
import org.replearn.multiview.ot.MultiMarginalOutput;
import org.replearn.multiview.ot.MultiMarginalProblem;
import org.replearn.multiview.ot.MultiMarginalSinkhorn;
import org.replearn.multiview.ot.PairwiseCost;
import org.replearn.multiview.train.MultiViewRun;

/**
 * The entry point of M3G for Java callers: solve an entropic multi-marginal transport problem
 * between k point clouds, evaluate the multi-marginal matching gap of k views of a batch, and train
 * and evaluate a multi-view encoder, as {@code replearn multiview solve|train} do.
 */
public final class M3g {
  private M3g() {}

  /**
   * Solves the entropic multi-marginal problem between {@code views} ({@code [k][n_l][dim]},
   * uniform weights) under the summed pairwise squared Euclidean cost, with ott-jax's solver
   * defaults.
   *
   * @param epsilon the regularisation, or NaN for 0.05 std(C)
   */
  public static MultiMarginalOutput solve(double[][][] views, double epsilon) {
    return solve(views, epsilon, MultiMarginalSinkhorn.Config.defaults());
  }

  /** As {@link #solve(double[][][], double)} with given loop settings. */
  public static MultiMarginalOutput solve(
      double[][][] views, double epsilon, MultiMarginalSinkhorn.Config solver) {
    return new MultiMarginalSinkhorn(solver)
        .solve(MultiMarginalProblem.ofPoints(views, PairwiseCost.sqEuclidean()), epsilon);
  }

  /**
   * The M3G loss of k views of the same n objects ({@code [k][n][dim]}, view l of object i at
   * {@code [l][i]}), with the defaults of {@link M3gLoss.Config#defaults()} at {@code epsilon}:
   * value, OT cost, ground-truth cost and the solver's output.
   */
  public static M3gLoss.Evaluation evaluate(double[][][] views, double epsilon) {
    return new M3gLoss(M3gLoss.Config.defaults().withEpsilon(epsilon)).evaluate(views, false);
  }

  /**
   * Trains an encoder as {@code spec} says on its data set (MNIST and Fashion-MNIST from the cache,
   * {@link DataCache#defaultDir()}, fetched when missing; the synthetic set generated from {@code
   * seed}) and evaluates it next to its random initialisation, on a GPU when PyTorch has one, else
   * on the CPU.
   */
  public static MultiViewRun.Result train(MultiViewRun.Spec spec, long seed) throws IOException {
    Seeds seeds = new Seeds(seed);
    MultiViewRun.Sources sources =
        MultiViewRun.sources(spec.dataset(), DataCache.defaultDir(), seeds);
    return MultiViewRun.run(spec, sources, Devices.select("auto"), seeds);
  }
}
