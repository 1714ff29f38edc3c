package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.replearn.weightspace.ArrayAssertions.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.FiniteGradients;
import org.replearn.weightspace.encoder.ParameterStore;

/**
 * The emulator folds its input and embedding projections into the first LSTM layer's input weights.
 * The oracle is the official computation written out as the model defines it: project the inputs
 * (Linear X -> hidden), add the embedding's projection at t = 0, run PyTorch's fused 2-layer LSTM
 * with the stored parameters, project to logits. Logits, every parameter's gradient and the
 * embedding's gradient must agree to 1e-5 relative (float32 rounding of a different summation
 * order); free-running sampling must agree with teacher-forced emulation of the sampled prefix.
 */
@Tag("engine")
class EmulatorFoldingTest {
  private static final int X = 6;
  private static final int Y = 5;
  private static final int E = 16;
  private static final int HIDDEN = 12;
  private static final int LAYERS = 2;

  @Test
  void foldedForwardAndGradientsEqualTheOfficialComputation() {
    try (NDManager manager = NDManager.newBaseManager();
        Emulator emulator =
            new Emulator(manager, new SplittableRandom(4), X, Y, E, HIDDEN, LAYERS)) {
      for (int steps : new int[] {1, 7}) {
        int batch = 3;
        NDArray inputs = manager.randomNormal(new Shape(batch, steps, X));
        NDArray z = manager.randomNormal(new Shape(batch, E));
        NDArray weights = manager.randomNormal(new Shape(batch, steps, Y));
        Result folded = run(emulator, inputs, z, weights, false);
        Result official = run(emulator, inputs, z, weights, true);
        assertClose(official.logits, folded.logits, "logits, T = " + steps);
        assertClose(official.zGradient, folded.zGradient, "embedding gradient, T = " + steps);
        List<String> names = new ArrayList<>(emulator.parameters().asMap().keySet());
        for (int p = 0; p < names.size(); p++) {
          String what = names.get(p) + ", T = " + steps;
          if (steps == 1 && names.get(p).contains("weight_hh")) {
            // from the zero state a single step never reads W_hh: both gradients are exactly 0
            assertArrayEquals(official.gradients.get(p), folded.gradients.get(p), 0f, what);
          } else {
            assertClose(official.gradients.get(p), folded.gradients.get(p), what);
          }
        }
      }
    }
  }

  @Test
  void samplingAgreesWithTeacherForcedEmulationOfTheSampledPrefix() {
    try (NDManager manager = NDManager.newBaseManager();
        Emulator emulator =
            new Emulator(manager, new SplittableRandom(5), X, X, E, HIDDEN, LAYERS)) {
      int batch = 4;
      int steps = 6;
      int bos = 4;
      NDArray z = manager.randomNormal(new Shape(batch, E));
      int[][] sampled = emulator.sampleTokens(z, bos, steps, new SplittableRandom(9));
      // reference: at step t, emulate tokens 0..t teacher-forced and sample from the last softmax
      SplittableRandom rng = new SplittableRandom(9);
      int[][] expected = new int[batch][steps + 1];
      for (int b = 0; b < batch; b++) {
        expected[b][0] = bos;
      }
      for (int t = 0; t < steps; t++) {
        float[] oneHot = new float[batch * (t + 1) * X];
        for (int b = 0; b < batch; b++) {
          for (int s = 0; s <= t; s++) {
            oneHot[(b * (t + 1) + s) * X + expected[b][s]] = 1;
          }
        }
        float[] p;
        try (NDManager scope = manager.newSubManager()) {
          scope.tempAttachAll(emulator.parameters().asNDList());
          NDArray logits =
              emulator.forward(scope.create(oneHot, new Shape(batch, t + 1, X)), z.duplicate());
          p = logits.get(":, {}, :", t).softmax(1).toFloatArray();
        }
        for (int b = 0; b < batch; b++) {
          double u = rng.nextDouble();
          double cumulative = 0;
          int token = X - 1;
          for (int j = 0; j < X; j++) {
            cumulative += p[b * X + j];
            if (u < cumulative) {
              token = j;
              break;
            }
          }
          expected[b][t + 1] = token;
        }
      }
      for (int b = 0; b < batch; b++) {
        assertArrayEquals(expected[b], sampled[b], "sequence " + b);
      }
    }
  }

  private record Result(float[] logits, float[] zGradient, List<float[]> gradients) {}

  /** Logits and the gradients of sum(logits * weights), copied out; gradients then zeroed. */
  private static Result run(
      Emulator emulator, NDArray inputs, NDArray z, NDArray weights, boolean official) {
    ParameterStore store = emulator.parameters();
    try (NDManager scope = inputs.getManager().newSubManager()) {
      scope.tempAttachAll(store.asNDList());
      NDArray zz = z.duplicate();
      zz.attach(scope);
      zz.setRequiresGradient(true);
      NDArray logits;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        logits = official ? officialForward(store, inputs, zz) : emulator.forward(inputs, zz);
        collector.backward(logits.mul(weights).sum());
      }
      List<NDArray> grads = Gradients.of(store.list(), scope);
      List<float[]> copies = FiniteGradients.copyAndZero(grads);
      return new Result(logits.toFloatArray(), zz.getGradient().toFloatArray(), copies);
    }
  }

  /** The official emulator's forward pass (the code before the projections were folded). */
  private static NDArray officialForward(ParameterStore store, NDArray inputs, NDArray z) {
    long batch = inputs.getShape().get(0);
    long steps = inputs.getShape().get(1);
    NDManager manager = z.getManager();
    NDArray projected =
        inputs.matMul(store.get("input_projection.weight")).add(store.get("input_projection.bias"));
    NDArray condition =
        z.matMul(store.get("embedding_projection.weight"))
            .add(store.get("embedding_projection.bias"))
            .expandDims(1);
    NDArray x =
        steps == 1
            ? projected.add(condition)
            : projected.get(":, 0:1, :").add(condition).concat(projected.get(":, 1:, :"), 1);
    NDList parameters = new NDList();
    for (int l = 0; l < LAYERS; l++) {
      parameters.add(store.get("lstm.weight_ih_l" + l));
      parameters.add(store.get("lstm.weight_hh_l" + l));
      parameters.add(store.get("lstm.bias_ih_l" + l));
      parameters.add(store.get("lstm.bias_hh_l" + l));
    }
    NDList state =
        new NDList(
            manager.zeros(new Shape(LAYERS, batch, HIDDEN)),
            manager.zeros(new Shape(LAYERS, batch, HIDDEN)));
    NDArray h =
        x.getNDArrayInternal()
            .lstm(x, state, parameters, true, LAYERS, 0.0, true, false, true)
            .get(0);
    return h.matMul(store.get("output_projection.weight")).add(store.get("output_projection.bias"));
  }
}
