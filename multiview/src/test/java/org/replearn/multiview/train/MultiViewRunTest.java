package org.replearn.multiview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.data.DatasetName;
import org.replearn.core.engine.Seeds;
import org.replearn.multiview.loss.MultiViewLossKind;

@Tag("engine")
class MultiViewRunTest {

  private static MultiViewRun.Spec spec(MultiViewLossKind loss, int views) {
    return MultiViewRun.Spec.builder()
        .setDataset(MultiViewDataset.SYNTHETIC)
        .optLoss(loss)
        .optTrainObjects(2000)
        .optTraining(MultiViewTrainer.Config.builder().optViews(views).optEpochs(2).build())
        .optEvaluation(new RepresentationEvaluator.Config(2000, 1000, 10, 500, 1e-3))
        .build();
  }

  /** M3G training on the synthetic set learns to discard the view nuisance. */
  @Test
  void m3gTrainingBeatsRandomInitialisationOnSyntheticViews() throws Exception {
    Seeds seeds = new Seeds(1);
    MultiViewRun.Sources sources =
        MultiViewRun.sources(MultiViewDataset.SYNTHETIC, Path.of("."), seeds);
    MultiViewRun.Result r =
        MultiViewRun.run(spec(MultiViewLossKind.M3G, 3), sources, Device.cpu(), seeds);
    assertTrue(
        r.trained().knn() > r.randomInit().knn() + 0.1,
        "kNN " + r.trained().knn() + " vs random " + r.randomInit().knn());
    double[] m = r.history().monitorM3g();
    assertTrue(
        m[m.length - 1] < m[0], "monitor M3G should fall: " + m[0] + " -> " + m[m.length - 1]);
    assertEquals(2 * (2000 / 32), r.history().loss().length);
  }

  /** The image path (augmentations, CNN, M3G with 3 views) runs end to end on the MNIST fixture. */
  @Test
  void cnnTrainsOnMnistFixture() throws Exception {
    Seeds seeds = new Seeds(2);
    MultiViewRun.Spec spec =
        MultiViewRun.Spec.builder()
            .setDataset(MultiViewDataset.MNIST)
            .optTrainObjects(500)
            .optTraining(
                MultiViewTrainer.Config.builder()
                    .optViews(3)
                    .optBatch(16)
                    .optMonitorEvery(10)
                    .build())
            .optEvaluation(new RepresentationEvaluator.Config(500, 200, 10, 100, 1e-3))
            .build();
    MultiViewRun.Result r =
        MultiViewRun.run(spec, MultiViewRun.fixture(DatasetName.MNIST), Device.cpu(), seeds);
    assertEquals(500 / 16, r.history().loss().length);
    for (double v : r.history().loss()) {
      assertTrue(v >= -1e-9 && Double.isFinite(v), "M3G value " + v);
    }
    assertTrue(r.trained().linearProbe() > 0.5, "probe " + r.trained().linearProbe());
  }
}
