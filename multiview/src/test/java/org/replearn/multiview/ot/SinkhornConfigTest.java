package org.replearn.multiview.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

class SinkhornConfigTest {

  @Test
  void builderStartsFromTheDefaultsAndChangesOnlyWhatIsSet() {
    MultiMarginalSinkhorn.Config d = MultiMarginalSinkhorn.Config.defaults();
    assertEquals(d, MultiMarginalSinkhorn.Config.builder().build());
    MultiMarginalSinkhorn.Config c =
        MultiMarginalSinkhorn.Config.builder()
            .optThreshold(1e-6)
            .optPrecision(Precision.FLOAT32)
            .optThreads(1)
            .build();
    assertEquals(
        new MultiMarginalSinkhorn.Config(
            1e-6,
            d.normError(),
            d.innerIterations(),
            d.minIterations(),
            d.maxIterations(),
            Precision.FLOAT32,
            d.maxEntries(),
            1),
        c);
    MultiMarginalSinkhorn.Config e = c.toBuilder().optThreads(2).build();
    assertEquals(1e-6, e.threshold());
    assertEquals(Precision.FLOAT32, e.precision());
    assertEquals(2, e.threads());
  }

  @Test
  void loweringTheMaximumLowersTheMinimumWithIt() {
    MultiMarginalSinkhorn.Config c =
        MultiMarginalSinkhorn.Config.builder().optIterations(50, 100).optMaxIterations(20).build();
    assertEquals(20, c.minIterations());
    assertEquals(20, c.maxIterations());
  }

  @Test
  void errorsNameTheSettingAndTheValue() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> MultiMarginalSinkhorn.Config.builder().optInnerIterations(0).build());
    assertEquals("innerIterations must be >= 1, found 0", e.getMessage());
  }
}
