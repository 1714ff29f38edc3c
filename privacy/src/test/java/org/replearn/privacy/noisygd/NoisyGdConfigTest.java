package org.replearn.privacy.noisygd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

class NoisyGdConfigTest {

  @Test
  void builderFillsTheDocumentedDefaults() {
    NoisyGdConfig c =
        NoisyGdConfig.builder().setSteps(3).setLearningRate(0.5).setClipNorm(2).build();
    assertEquals(new NoisyGdConfig(3, 0.5, 2, 0, 1, Loss.CROSS_ENTROPY, false, 1), c);
    assertEquals(c, c.toBuilder().build());
    assertEquals(1.5, c.withNoiseMultiplier(1.5).noiseMultiplier());
  }

  @Test
  void aMissingRequiredSettingIsNamed() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> NoisyGdConfig.builder().setSteps(3).setClipNorm(1).build());
    assertEquals("learningRate must be set, found nothing", e.getMessage());
  }

  @Test
  void anImpossibleSettingIsNamedWithItsValue() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                NoisyGdConfig.builder()
                    .setSteps(3)
                    .setLearningRate(0.1)
                    .setClipNorm(1)
                    .optSamplingRate(1.5)
                    .build());
    assertEquals("samplingRate must be in (0, 1], found 1.5", e.getMessage());
  }
}
