package org.replearn.weightspace.downstream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.Seeds;
import org.replearn.weightspace.emulation.SyntheticZoo;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.zoo.LstmSpec;

@Tag("engine")
class SupervisedBaselineTest {

  @Test
  void endToEndEncoderLearnsTheTaskOfHeldOutModels() {
    LstmSpec spec = new LstmSpec(6, 4, 2, 6);
    try (NDManager manager = NDManager.newBaseManager()) {
      SyntheticZoo zoo = SyntheticZoo.generate(spec, 2, 8, 1, 3, new Seeds(1), manager);
      ZooView view = ZooView.synthetic(zoo, new SplittableRandom(2));
      DownstreamTarget task = view.target("task");
      int[] train = IntStream.range(0, zoo.rowCount()).filter(r -> r % 8 < 6).toArray();
      int[] heldOut = IntStream.range(0, zoo.rowCount()).filter(r -> r % 8 >= 6).toArray();
      double accuracy =
          SupervisedBaseline.trainAndScore(
              EncoderKind.STATS,
              zoo,
              task,
              train,
              List.of(heldOut),
              300,
              32,
              3e-3,
              new Seeds(3),
              manager)[0];
      assertTrue(accuracy > 0.5, "exact task match on held-out models (chance 1/8): " + accuracy);
    }
  }
}
