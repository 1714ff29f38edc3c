package org.replearn.multiview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.multiview.loss.M3gLoss;
import org.replearn.multiview.loss.MultiViewLossKind;
import org.replearn.multiview.ot.MultiMarginalOutput;
import org.replearn.multiview.train.MultiViewDataset;
import org.replearn.multiview.train.MultiViewRun;
import org.replearn.multiview.train.MultiViewTrainer;
import org.replearn.multiview.train.RepresentationEvaluator;

/** Runs the README's "From Java" M3G example (ReadmeExamplesTest checks it is there). */
@Tag("engine")
class M3gExampleTest {

  @Test
  void readmeExample() throws Exception {
    // README example: begin
    // 3 views of the same 8 points in 2-D, each view with its own small noise
    SplittableRandom rng = new SplittableRandom(1);
    double[][] points = new double[8][2];
    for (double[] point : points) {
      point[0] = rng.nextGaussian();
      point[1] = rng.nextGaussian();
    }
    double[][][] views = new double[3][8][2];
    for (int l = 0; l < 3; l++) {
      for (int i = 0; i < 8; i++) {
        views[l][i][0] = points[i][0] + 0.05 * rng.nextGaussian();
        views[l][i][1] = points[i][1] + 0.05 * rng.nextGaussian();
      }
    }
    MultiMarginalOutput ot = M3g.solve(views, 0.1);
    M3gLoss.Evaluation gap = M3g.evaluate(views, 0.05);
    // one epoch of M3G training with 3 views on 512 objects of the synthetic set
    MultiViewRun.Spec spec =
        MultiViewRun.Spec.builder()
            .setDataset(MultiViewDataset.SYNTHETIC)
            .optLoss(MultiViewLossKind.M3G)
            .optTrainObjects(512)
            .optTraining(MultiViewTrainer.Config.builder().optViews(3).optBatch(32).build())
            .optEvaluation(new RepresentationEvaluator.Config(500, 200, 10, 100, 1e-3))
            .build();
    MultiViewRun.Result run = M3g.train(spec, 42L);
    System.out.printf(
        "OT %.4f in %d sweeps (converged %b); M3G %.4f; kNN accuracy %.3f trained,"
            + " %.3f at initialisation%n",
        ot.entRegCost(),
        ot.iterations(),
        ot.converged(),
        gap.value(),
        run.trained().knn(),
        run.randomInit().knn());
    // README example: end
    assertTrue(ot.converged());
    for (int l = 0; l < 3; l++) {
      for (double m : ot.coupling().marginal(l)) {
        assertEquals(1.0 / 8, m, 1e-3, "each marginal is uniform");
      }
    }
    assertTrue(gap.value() >= -1e-9, "M3G is a gap to the ground-truth matching: " + gap.value());
    // the views are aligned row by row, so the coupling puts most mass on the diagonal
    assertTrue(gap.diagonalMass() > 0.5, "diagonal mass " + gap.diagonalMass());
    assertEquals(512 / 32, run.history().loss().length);
    for (double v : run.history().loss()) {
      assertTrue(Double.isFinite(v), "loss " + v);
    }
  }
}
