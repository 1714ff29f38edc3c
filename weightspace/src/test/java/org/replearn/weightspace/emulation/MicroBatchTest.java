package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.engine.Seeds;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.HiddenPermutation;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * A step in micro-batches has the gradients of the whole batch at once: the loss is a mean over
 * checkpoints, so the parts' gradients sum to the whole's (the reduction to the plain step is the
 * oracle).
 */
@Tag("engine")
class MicroBatchTest {
  private static final LstmSpec LAYOUT = new LstmSpec(6, 4, 2, 6);
  private static final int BATCH = 6;

  @Test
  void transformerGradientsInMicroBatchesEqualTheWholeBatchs(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      SyntheticZoo zoo = SyntheticZoo.generate(LAYOUT, 2, 1, 2, 5, new Seeds(3), manager);
      SplittableRandom rng = new SplittableRandom(11);
      int[] rows = new int[BATCH];
      int[] rollouts = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        rows[i] = rng.nextInt(zoo.rowCount());
        rollouts[i] = rng.nextInt(zoo.rollouts(rows[i]));
      }
      int[][] permutation = HiddenPermutation.random(LAYOUT, rng);
      // dropout 0: the parts must see the same function as the whole
      try (WeightEncoder encoder = SmallTransformer.create(LAYOUT, manager, 0f);
          Emulator emulator = new Emulator(manager, new SplittableRandom(2), 6, 6, 16, 16, 2)) {
        List<NDArray> parameters = new ArrayList<>(encoder.parameters().list());
        parameters.addAll(emulator.parameters().list());
        int[] microBatches = {BATCH, 1, 4};
        Step[] steps = new Step[microBatches.length];
        for (int m = 0; m < microBatches.length; m++) {
          steps[m] =
              step(
                  zoo,
                  dir,
                  microBatches[m],
                  encoder,
                  emulator,
                  parameters,
                  rows,
                  rollouts,
                  permutation);
        }
        float[][] whole = steps[0].gradients();
        for (int m = 1; m < microBatches.length; m++) {
          int micro = microBatches[m];
          float[][] parts = steps[m].gradients();
          assertEquals(
              steps[0].loss(),
              steps[m].loss(),
              1e-6 * steps[0].loss(),
              "loss, micro-batch " + micro);
          for (int p = 0; p < whole.length; p++) {
            double norm = norm(whole[p], null);
            assertTrue(norm > 0, "parameter " + p + " has a zero gradient");
            double difference = norm(whole[p], parts[p]);
            assertTrue(
                difference <= 1e-5 * norm,
                "parameter "
                    + p
                    + ", micro-batch "
                    + micro
                    + ": relative difference "
                    + difference / norm);
          }
        }
      }
    }
  }

  /** A step's mean loss and its parameters' gradients. */
  private record Step(double loss, float[][] gradients) {}

  /** The loss and accumulated gradients of one step, copied out, then zeroed. */
  private static Step step(
      SyntheticZoo zoo,
      Path dir,
      int microBatch,
      WeightEncoder encoder,
      Emulator emulator,
      List<NDArray> parameters,
      int[] rows,
      int[] rollouts,
      int[][] permutation) {
    EmulationConfig config =
        EmulationConfig.builder()
            .optSteps(1)
            .optBatchSize(BATCH)
            .optLearningRate(1e-3)
            .optEvalEvery(1)
            .optEmulatorHidden(16)
            .optMicroBatch(microBatch)
            .build();
    EmulationRun run = new EmulationRun(EncoderKind.TRANSFORMER, LAYOUT, config, 5);
    Splits splits = new Splits(new int[] {0}, new int[0], new int[0]);
    EmulationTrainer trainer = new EmulationTrainer(run, zoo, splits, dir);
    NDManager manager = parameters.get(0).getManager();
    try (NDManager scope = manager.newSubManager()) {
      scope.tempAttachAll(new NDList(parameters));
      double loss =
          trainer.accumulateGradients(encoder, emulator, rows, rollouts, permutation, scope);
      List<NDArray> grads = Gradients.of(parameters, scope);
      float[][] copies = new float[grads.size()][];
      for (int p = 0; p < grads.size(); p++) {
        copies[p] = grads.get(p).toFloatArray();
      }
      Gradients.zero(grads);
      return new Step(loss, copies);
    }
  }

  /** ||a - b|| (or ||a|| when b is null). */
  private static double norm(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - (b == null ? 0 : b[i]);
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
