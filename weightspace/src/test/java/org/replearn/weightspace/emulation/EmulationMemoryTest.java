package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.replearn.core.engine.Seeds;
import org.replearn.core.train.AdamW;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Training steps (in two micro-batches each) free every temporary: the number of live native arrays
 * stays constant.
 */
@Tag("engine")
class EmulationMemoryTest {

  @ParameterizedTest
  @EnumSource(
      value = EncoderKind.class,
      names = {"FLAT", "TRANSFORMER", "DWS", "INTERACTIVE"})
  void liveArraysStayFlatOverSteps(EncoderKind kind, @TempDir Path dir) {
    LstmSpec layout = new LstmSpec(6, 4, 2, 6);
    EmulationConfig config =
        new EmulationConfig(100, 4, 1e-3, 0.01, 0.1, 100, 0, EmulationLoss.TOTAL_VARIATION, 16, 2);
    try (NDManager manager = NDManager.newBaseManager()) {
      SyntheticZoo zoo = SyntheticZoo.generate(layout, 2, 1, 2, 5, new Seeds(3), manager);
      Splits splits = zoo.splitByTask(1, 2, new SplittableRandom(4));
      EmulationRun run = new EmulationRun(kind, layout, config, 5);
      EmulationTrainer trainer = new EmulationTrainer(run, zoo, splits, dir);
      try (WeightEncoder encoder = run.newEncoder(manager);
          Emulator emulator = run.newEmulator(manager)) {
        NDList attached = EmulationTrainer.allParameters(encoder, emulator);
        try (AdamW adam = trainer.newAdam(encoder, emulator)) {
          int live = -1;
          for (int step = 0; step < 8; step++) {
            try (NDManager scope = manager.newSubManager()) {
              scope.tempAttachAll(attached);
              trainer.step(encoder, emulator, adam, step, scope);
            }
            if (step == 2) {
              live = manager.getManagedArrays().size();
            }
          }
          assertEquals(live, manager.getManagedArrays().size());
        }
      }
    }
  }
}
