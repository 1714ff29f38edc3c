package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain-Java kernel against PyTorch's autograd through {@link BatchedLstm}. */
@Tag("engine")
class LstmKernelTest {

  @ParameterizedTest(name = "X={0} H={1} Y={2} T={3} B={4} one-hot={5}")
  @CsvSource({
    "6, 32, 6, 41, 8, true", // formal-language shape
    "16, 32, 10, 50, 5, false", // tiled-MNIST shape
    "5, 16, 3, 7, 3, false" // odd input and output sizes (scalar tails)
  })
  void lossAndGradientMatchAutograd(int x, int h, int y, int steps, int batch, boolean oneHot) {
    LstmSpec spec = new LstmSpec(x, h, 2, y);
    SplittableRandom rng = new SplittableRandom(7 + x + h);
    float[] w = new float[spec.parameterCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rng.nextDouble() * 2 - 1) * 0.4f;
    }
    float[] inputs = new float[steps * batch * x];
    int[] targets = new int[steps * batch];
    for (int n = 0; n < steps * batch; n++) {
      if (oneHot) {
        inputs[n * x + rng.nextInt(x)] = 1f;
      } else {
        for (int i = 0; i < x; i++) {
          inputs[n * x + i] = (float) rng.nextGaussian();
        }
      }
      targets[n] = rng.nextInt(y);
    }
    float[] gradient = new float[w.length];
    LstmKernel kernel = new LstmKernel(spec);
    double loss = kernel.lossAndGradient(w, inputs, targets, steps, batch, gradient);

    try (NDManager manager = NDManager.newBaseManager()) {
      BatchedLstm lstm =
          BatchedLstm.fromFlat(spec, manager.create(w, new Shape(1, w.length)), manager);
      for (NDArray p : lstm.parameters()) {
        p.setRequiresGradient(true);
      }
      float[] oneHotTargets = new float[steps * batch * y];
      for (int n = 0; n < targets.length; n++) {
        oneHotTargets[n * y + targets[n]] = 1f;
      }
      NDArray expectedLoss;
      try (GradientScope recording = GradientScope.open()) {
        NDArray logits =
            lstm.forward(
                lstm.prepare(manager), manager.create(inputs, new Shape(1, steps, batch, x)));
        expectedLoss =
            logits
                .logSoftmax(-1)
                .mul(manager.create(oneHotTargets, new Shape(1, steps, batch, y)))
                .sum()
                .neg()
                .div(steps * batch);
        recording.backward(expectedLoss);
      }
      List<NDArray> grads = new ArrayList<>();
      for (NDArray p : lstm.parameters()) {
        grads.add(p.getGradient().reshape(-1));
      }
      float[] expected = NDArrays.concat(new NDList(grads)).toFloatArray();
      assertEquals(expectedLoss.getFloat(), loss, 1e-5 * Math.abs(loss));
      float scale = 0;
      for (float g : expected) {
        scale = Math.max(scale, Math.abs(g));
      }
      assertTrue(scale > 1e-4, "gradient is not trivially zero");
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], gradient[i], 2e-5 * scale, "parameter " + i);
      }
    }
  }

  /** Teacher-forced logits and step-by-step generation give PyTorch's outputs. */
  @org.junit.jupiter.api.Test
  void logitsAndGeneratorStepsMatchPyTorch() {
    LstmSpec spec = LstmSpec.tiledMnist();
    int steps = 9;
    int batch = 6;
    SplittableRandom rng = new SplittableRandom(5);
    float[] w = new float[spec.parameterCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rng.nextDouble() * 2 - 1) * 0.3f;
    }
    int x = spec.inputSize();
    int y = spec.outputSize();
    float[] inputs = new float[steps * batch * x];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) rng.nextGaussian();
    }
    LstmKernel kernel = new LstmKernel(spec);
    float[] logits = new float[steps * batch * y];
    kernel.logits(w, inputs, steps, batch, logits);
    float[] generated = new float[logits.length];
    LstmKernel.Generator generator = kernel.generator(w, batch);
    for (int t = 0; t < steps; t++) {
      float[] z =
          generator.step(java.util.Arrays.copyOfRange(inputs, t * batch * x, (t + 1) * batch * x));
      for (int b = 0; b < batch; b++) {
        System.arraycopy(z, b * generator.stride(), generated, (t * batch + b) * y, y);
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      BatchedLstm lstm =
          BatchedLstm.fromFlat(spec, manager.create(w, new Shape(1, w.length)), manager);
      float[] expected =
          lstm.forward(lstm.prepare(manager), manager.create(inputs, new Shape(1, steps, batch, x)))
              .toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], logits[i], 1e-5, "teacher-forced logit " + i);
        assertEquals(expected[i], generated[i], 1e-5, "generated logit " + i);
      }
    }
  }
}
