package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.core.InvalidInputException;
import org.replearn.core.train.LearningRateSchedule;

/**
 * The official-composition schedule: the official checkpoints on a tenth or a twentieth of the
 * updates.
 */
class TrainingRecipeTest {

  @Test
  void aTenthOfTheOfficialCheckpoints() {
    assertArrayEquals(
        new long[] {0, 10, 20, 50, 100, 200, 500, 1000, 2000},
        TrainingRecipe.officialCheckpointsDividedBy(10));
    assertArrayEquals(
        new long[] {0, 5, 10, 25, 50, 100, 250, 500, 1000},
        TrainingRecipe.officialCheckpointsDividedBy(20));
    assertEquals(
        2001,
        TrainingRecipe.official()
            .withCheckpoints(TrainingRecipe.officialCheckpointsDividedBy(10))
            .updates());
    assertThrows(InvalidInputException.class, () -> TrainingRecipe.officialCheckpointsDividedBy(3));
  }

  /**
   * sched(s / d) of the short schedule equals the official sched(s) at every official checkpoint
   * and between them: the knots (0.01 at 0, 0.003 at 10,000, 0.0003 at 20,000 officially) sit at
   * the same fractions of the schedule. d = 20 is the medium scale's.
   */
  @ParameterizedTest(name = "divided by {0}")
  @ValueSource(longs = {10, 20})
  void learningRateKnotsSitAtTheOfficialRelativePositions(long d) {
    LearningRateSchedule official = TrainingRecipe.official().schedule();
    LearningRateSchedule shortened =
        TrainingRecipe.official()
            .withCheckpoints(TrainingRecipe.officialCheckpointsDividedBy(d))
            .schedule();
    assertEquals(0.01, shortened.at(0), 1e-15);
    assertEquals(0.003, shortened.at(10_000 / d), 1e-15);
    assertEquals(0.0003, shortened.at(20_000 / d), 1e-15);
    // halfway between the knots: the mean of the knot rates (a linear segment)
    assertEquals((0.01 + 0.003) / 2, shortened.at(5_000 / d), 1e-15);
    assertEquals((0.003 + 0.0003) / 2, shortened.at(15_000 / d), 1e-15);
    for (long s = 0; s <= 20_000; s += 25 * d) {
      assertEquals(official.at(s), shortened.at(s / d), 1e-15, "official update " + s);
    }
  }

  /** The small scale's checkpoints {0, 100, 200, 500} put the knots at 200 and 500 instead. */
  @Test
  void smallScaleKnots() {
    LearningRateSchedule small =
        TrainingRecipe.official().withCheckpoints(new long[] {0, 100, 200, 500}).schedule();
    assertEquals(0.003, small.at(200), 1e-15);
  }

  /** Share of untrained (step-0) rows and of rows at >= 1/20 of the schedule: 1/9 and 5/9. */
  @ParameterizedTest(name = "divided by {0}")
  @ValueSource(longs = {10, 20})
  void officialCompositionOfRows(long d) {
    long[] c = TrainingRecipe.officialCheckpointsDividedBy(d);
    long last = c[c.length - 1];
    assertEquals(1, java.util.Arrays.stream(c).filter(s -> s == 0).count());
    assertEquals(5, java.util.Arrays.stream(c).filter(s -> s * 20 >= last).count());
  }
}
