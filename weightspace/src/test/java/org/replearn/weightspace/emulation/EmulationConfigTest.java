package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;

class EmulationConfigTest {

  @Test
  void builderStartsFromTheOfficialRecipeAndChangesOnlyWhatIsSet() {
    assertEquals(EmulationConfig.official(), EmulationConfig.builder().build());
    EmulationConfig c = EmulationConfig.builder().optSteps(10).optLearningRate(3e-3).build();
    assertEquals(10, c.steps());
    assertEquals(3e-3, c.learningRate());
    assertEquals(EmulationConfig.official().batchSize(), c.batchSize());
    assertEquals(c, c.toBuilder().build());
    assertEquals(
        EmulationConfig.official().withSteps(5, 2),
        c.toBuilder().optSteps(5).optEvalEvery(2).optLearningRate(1e-4).build());
  }

  @Test
  void errorsNameTheBuilderSettingAndTheValue() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> EmulationConfig.builder().optLearningRate(-1).build());
    assertEquals("learningRate must be > 0, found -1.0", e.getMessage());
    assertEquals("learningRate", e.input());
    e =
        assertThrows(
            InvalidInputException.class, () -> EmulationConfig.builder().optLoss(null).build());
    assertEquals("loss must be given, found null", e.getMessage());
  }
}
