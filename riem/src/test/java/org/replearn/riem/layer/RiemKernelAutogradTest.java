package org.replearn.riem.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.train.Gradients;

/** The kernel's analytic gradients against PyTorch autograd (through DJL) on the same formula. */
@Tag("engine")
class RiemKernelAutogradTest {

  @Test
  void gradientEqualsAutograd() {
    RiemShape s = new RiemShape(9, 21, 10, 4);
    int d = s.stateDim();
    int m = s.metricDim();
    float[] p = RiemKernelTest.randomParameters(s, 11);
    float[] target = RiemKernelTest.randomMatrix(s.rows() * s.cols(), 12);
    float[] grad = new float[p.length];
    double loss;
    try (RiemKernel kernel = new RiemKernel(s, target, 2)) {
      loss = kernel.lossAndGradient(p, grad);
    }
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray pP = slice(manager, p, s.offsetP(), new Shape(s.rows(), d));
      NDArray pQ = slice(manager, p, s.offsetQ(), new Shape(s.cols(), d));
      NDArray pA = slice(manager, p, s.offsetA(), new Shape(6, m, d));
      NDArray pC = slice(manager, p, s.offsetC(), new Shape(6, m));
      NDArray pW = slice(manager, p, s.offsetW(), new Shape(m, 1));
      NDArray pB = slice(manager, p, s.offsetB(), new Shape(1));
      List<NDArray> params = List.of(pP, pQ, pA, pC, pW, pB);
      params.forEach(a -> a.setRequiresGradient(true));
      NDArray w = manager.create(target, new Shape(s.rows(), s.cols()));
      float autogradLoss;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray h = manager.zeros(new Shape(s.rows(), s.cols(), m));
        for (int k = 0; k < 6; k++) {
          int shift = s.shift(k);
          // torch.cat((Q[:, s:], Q[:, :s]), 1): the notebook's cyclic left shift
          NDArray shifted =
              shift == 0 ? pQ : pQ.get(":, " + shift + ":").concat(pQ.get(":, :" + shift), 1);
          NDArray pair = pP.expandDims(1).add(shifted.expandDims(0));
          NDArray z = pair.matMul(pA.get(k).transpose()).add(pC.get(k));
          h = h.add(Activation.sigmoid(z));
        }
        NDArray reconstruction = h.matMul(pW).squeeze(-1).add(pB);
        NDArray l = w.sub(reconstruction).square().sum();
        gc.backward(l);
        autogradLoss = l.getFloat();
      }
      assertEquals(autogradLoss, loss, 1e-4 * loss);
      try (NDManager scope = manager.newSubManager()) {
        List<NDArray> grads = Gradients.of(params, scope);
        int[] offsets = {
          s.offsetP(), s.offsetQ(), s.offsetA(), s.offsetC(), s.offsetW(), s.offsetB()
        };
        for (int t = 0; t < grads.size(); t++) {
          float[] expected = grads.get(t).toFloatArray();
          for (int i = 0; i < expected.length; i++) {
            float actual = grad[offsets[t] + i];
            assertEquals(
                expected[i],
                actual,
                1e-4 * Math.max(1, Math.abs(expected[i])),
                "tensor " + t + " entry " + i);
          }
        }
      }
    }
  }

  private static NDArray slice(NDManager manager, float[] p, int offset, Shape shape) {
    return manager.create(Arrays.copyOfRange(p, offset, offset + (int) shape.size()), shape);
  }
}
