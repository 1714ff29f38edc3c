package org.replearn.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import org.replearn.core.testing.ManagerPerTest;

/** AdamW against hand computation and against torch.optim.AdamW's update written out in double. */
@Tag("engine")
class AdamWTest extends ManagerPerTest {
  /**
   * torch.optim.AdamW's single-tensor update (torch/optim/adamw.py, {@code _single_tensor_adamw},
   * PyTorch 2.x) for one scalar, in double, in torch's order of operations.
   */
  static final class TorchAdamW {
    final double beta1;
    final double beta2;
    final double eps;
    final double weightDecay;
    double param;
    double expAvg;
    double expAvgSq;
    int step;

    TorchAdamW(AdamW.Config c, double param) {
      this.beta1 = c.beta1();
      this.beta2 = c.beta2();
      this.eps = c.eps();
      this.weightDecay = c.weightDecay();
      this.param = param;
    }

    double step(double grad, double lr) {
      step++;
      param *= 1 - lr * weightDecay; // param.mul_(1 - lr * weight_decay)
      expAvg += (grad - expAvg) * (1 - beta1); // exp_avg.lerp_(grad, 1 - beta1)
      expAvgSq = expAvgSq * beta2 + (1 - beta2) * grad * grad;
      double biasCorrection1 = 1 - Math.pow(beta1, step);
      double biasCorrection2 = 1 - Math.pow(beta2, step);
      double stepSize = lr / biasCorrection1;
      double denom = Math.sqrt(expAvgSq) / Math.sqrt(biasCorrection2) + eps;
      param += -stepSize * expAvg / denom; // param.addcdiv_(exp_avg, denom, value=-step_size)
      return param;
    }
  }

  @Test
  void firstStepIsTheClosedForm() {
    // After one step m_hat = g and v_hat = g^2, so theta1 = theta0 (1 - lr lambda) - lr g / (|g| +
    // eps).
    double lr = 0.01;
    double lambda = 0.1;
    double eps = 1e-8;
    double[] theta0 = {0.5, -1.25, 2.0, 0.0};
    double[] g = {0.3, -0.02, 1.7, -4.0};
    NDArray p = manager.create(theta0);
    try (AdamW opt = new AdamW(new AdamW.Config(0.9, 0.999, eps, lambda), List.of(p))) {
      opt.step(List.of(manager.create(g)), lr);
    }
    double[] expected = new double[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = theta0[i] * (1 - lr * lambda) - lr * g[i] / (Math.abs(g[i]) + eps);
    }
    assertArrayEquals(expected, p.toDoubleArray(), 1e-15);
  }

  @Test
  void threeStepsMatchHandComputationWithWeightDecay() {
    // Hand computation for one coordinate: beta1 0.9, beta2 0.99, eps 1e-8, lambda 0.1, lr 0.1,
    // theta0 1, gradients 0.5, -0.25, 1.0.
    // t=1: theta = 1*(1-0.01) = 0.99; m = 0.05; v = 0.0025; m_hat = 0.5; v_hat = 0.25
    //      theta = 0.99 - 0.1*0.5/(0.5+1e-8)
    // t=2: theta *= 0.99; m = 0.045-0.025 = 0.02; v = 0.002475+0.000625 = 0.0031
    //      m_hat = 0.02/0.19; v_hat = 0.0031/0.0199
    // t=3: theta *= 0.99; m = 0.018+0.1 = 0.118; v = 0.003069+0.01 = 0.013069
    //      m_hat = 0.118/0.271; v_hat = 0.013069/0.029701
    double theta = 0.99 - 0.1 * 0.5 / (0.5 + 1e-8);
    theta = theta * 0.99 - 0.1 * (0.02 / 0.19) / (Math.sqrt(0.0031 / 0.0199) + 1e-8);
    theta = theta * 0.99 - 0.1 * (0.118 / 0.271) / (Math.sqrt(0.013069 / 0.029701) + 1e-8);
    assertEquals(0.780244, theta, 1e-6, "the value worked out by hand on paper");
    for (DataType type : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
      NDArray p = manager.create(new double[] {1.0}).toType(type, false);
      try (AdamW opt = new AdamW(new AdamW.Config(0.9, 0.99, 1e-8, 0.1), List.of(p))) {
        for (double g : new double[] {0.5, -0.25, 1.0}) {
          opt.step(List.of(manager.create(new double[] {g}).toType(type, false)), 0.1);
        }
        assertEquals(3, opt.steps());
      }
      double got = p.toType(DataType.FLOAT64, false).getDouble(0);
      assertEquals(theta, got, type == DataType.FLOAT64 ? 1e-12 : 1e-6, type.toString());
    }
  }

  @Test
  void matchesTorchFormulaOverManyStepsWithLargeEpsAndAChangingRate() {
    // A large eps makes its placement visible: torch adds it after sqrt(v) / sqrt(1 - beta2^t).
    AdamW.Config config = new AdamW.Config(0.8, 0.95, 0.05, 0.3);
    LearningRateSchedule lr =
        LearningRateSchedule.piecewiseLinear(new long[] {0, 10}, new double[] {0.2, 0.02});
    double[] start = {0.7, -0.3, 0.0, 1.5, -2.0, 0.1};
    NDArray a =
        manager.create(new double[] {start[0], start[1], start[2], start[3]}, new Shape(2, 2));
    NDArray b = manager.create(new double[] {start[4], start[5]});
    List<TorchAdamW> reference = new ArrayList<>();
    for (double s : start) {
      reference.add(new TorchAdamW(config, s));
    }
    try (AdamW opt = new AdamW(config, List.of(a, b))) {
      for (int t = 0; t < 12; t++) {
        double[] g = new double[6];
        for (int i = 0; i < 6; i++) {
          g[i] = Math.sin(1.3 * t + i) * (i + 1) * 0.4;
          reference.get(i).step(g[i], lr.at(t));
        }
        opt.step(
            List.of(
                manager.create(new double[] {g[0], g[1], g[2], g[3]}, new Shape(2, 2)),
                manager.create(new double[] {g[4], g[5]})),
            lr.at(t));
      }
    }
    double[] got = new double[6];
    System.arraycopy(a.toDoubleArray(), 0, got, 0, 4);
    System.arraycopy(b.toDoubleArray(), 0, got, 4, 2);
    for (int i = 0; i < 6; i++) {
      assertEquals(reference.get(i).param, got[i], 1e-12, "coordinate " + i);
    }
  }

  @Test
  void restoredStateContinuesExactlyLikeAnUninterruptedRun() {
    AdamW.Config config = AdamW.Config.pytorchDefaults();
    NDArray straight = manager.create(new float[] {1f, -2f, 3f});
    NDArray resumed = manager.create(new float[] {1f, -2f, 3f});
    List<NDArray> saved;
    long savedSteps;
    try (AdamW opt = new AdamW(config, List.of(straight))) {
      for (int t = 0; t < 5; t++) {
        opt.step(List.of(gradient(t)), 0.01);
      }
    }
    try (AdamW first = new AdamW(config, List.of(resumed))) {
      for (int t = 0; t < 3; t++) {
        first.step(List.of(gradient(t)), 0.01);
      }
      saved = new ArrayList<>();
      for (NDArray s : first.state()) {
        saved.add(s.duplicate()); // the copies outlive the optimiser's own buffers
      }
      savedSteps = first.steps();
      saved.forEach(s -> s.attach(manager));
    }
    try (AdamW second = new AdamW(config, List.of(resumed))) {
      second.restore(saved, savedSteps);
      for (int t = 3; t < 5; t++) {
        second.step(List.of(gradient(t)), 0.01);
      }
    }
    assertArrayEquals(straight.toFloatArray(), resumed.toFloatArray());
  }

  private NDArray gradient(int t) {
    return manager.create(new float[] {0.1f * t - 0.2f, (float) Math.cos(t), 0.5f});
  }

  @Test
  void stepsLeaveNoArraysBehind() {
    NDArray p = manager.create(new float[] {1f, 2f});
    try (NDManager grads = manager.newSubManager();
        AdamW opt = new AdamW(AdamW.Config.pytorchDefaults(), List.of(p))) {
      opt.step(List.of(grads.create(new float[] {0.1f, 0.2f})), 0.01);
      int after1 = manager.getManagedArrays().size();
      for (int t = 0; t < 20; t++) {
        opt.step(List.of(grads.create(new float[] {0.1f, 0.2f})), 0.01);
      }
      assertEquals(after1 + 20, manager.getManagedArrays().size(), "only the 20 new gradients");
    }
  }

  @Test
  void worksOnParametersThatCarryGradients() {
    NDArray w = manager.create(new float[] {1f, -1f});
    w.setRequiresGradient(true);
    try (AdamW opt = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0), List.of(w))) {
      try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
        gc.backward(w.square().sum()); // d/dw = 2w
      }
      opt.step(List.of(w.getGradient()), 0.1);
    }
    // first step, no decay: w - lr * sign(grad)
    assertArrayEquals(new float[] {0.9f, -0.9f}, w.toFloatArray(), 1e-6f);
  }

  @Test
  void badSettingsAreNamed() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> new AdamW.Config(1.0, 0.999, 1e-8, 0));
    assertEquals("beta1 must be in [0, 1), found 1.0", e.getMessage());
    assertThrows(InvalidInputException.class, () -> new AdamW.Config(0.9, 0.999, 0, 0));
    assertThrows(InvalidInputException.class, () -> new AdamW.Config(0.9, 0.999, 1e-8, -1));
    NDArray p = manager.create(new float[] {1f});
    try (AdamW opt = new AdamW(AdamW.Config.pytorchDefaults(), List.of(p))) {
      InvalidInputException wrong =
          assertThrows(InvalidInputException.class, () -> opt.step(List.of(), 0.1));
      assertTrue(wrong.getMessage().contains("found 0"), wrong.getMessage());
    }
  }
}
