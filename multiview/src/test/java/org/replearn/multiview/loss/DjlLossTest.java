package org.replearn.multiview.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("engine")
class DjlLossTest {

  private static float[] flat(double[][][] x) {
    int k = x.length;
    int n = x[0].length;
    int d = x[0][0].length;
    float[] f = new float[k * n * d];
    for (int l = 0; l < k; l++) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          f[(l * n + i) * d + c] = (float) x[l][i][c];
        }
      }
    }
    return f;
  }

  private static double[][][] asDouble(float[] f, int k, int n, int d) {
    double[][][] x = new double[k][n][d];
    for (int l = 0; l < k; l++) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < d; c++) {
          x[l][i][c] = f[(l * n + i) * d + c];
        }
      }
    }
    return x;
  }

  /** The M3G surrogate's autograd gradient is exactly the Java envelope-theorem gradient. */
  @Test
  void m3gSurrogateInjectsExactGradient() {
    double[][][] x0 = M3gLossTest.random(new SplittableRandom(3), 3, 5, 4);
    float[] f = flat(x0);
    double[][][] x = asDouble(f, 3, 5, 4);
    M3gLoss loss = new M3gLoss(M3gLoss.Config.defaults().withEpsilon(0.1));
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(f, new Shape(3, 5, 4));
      e.setRequiresGradient(true);
      MultiViewLoss.Objective o;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        o = loss.objective(e);
        gc.backward(o.differentiable());
      }
      float[] g = e.getGradient().toFloatArray();
      M3gLoss.Evaluation ref = loss.evaluate(x, true);
      assertEquals(ref.value(), o.value(), 1e-12);
      for (int l = 0; l < 3; l++) {
        for (int i = 0; i < 5; i++) {
          for (int c = 0; c < 4; c++) {
            assertEquals(ref.inputGradient()[l][i][c], g[(l * 5 + i) * 4 + c], 1e-6);
          }
        }
      }
    }
  }

  /** InfoNCE against the formula computed independently in plain Java. */
  @Test
  void infoNceMatchesPlainJavaFormula() {
    double[][][] x = M3gLossTest.random(new SplittableRandom(8), 4, 6, 5);
    double tau = 0.1;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(flat(x), new Shape(4, 6, 5));
      double pwe = new InfoNceLoss(InfoNceLoss.Variant.PWE, tau).loss(e).getFloat();
      double ave = new InfoNceLoss(InfoNceLoss.Variant.AVE, tau).loss(e).getFloat();
      double[][][] z = new double[4][][];
      for (int l = 0; l < 4; l++) {
        z[l] = normalised(x[l]);
      }
      double refPwe = 0;
      for (int a = 0; a < 4; a++) {
        for (int b = a + 1; b < 4; b++) {
          refPwe += symmetric(z[a], z[b], tau) / 6;
        }
      }
      double refAve = 0;
      for (int l = 0; l < 4; l++) {
        double[][] rest = new double[6][5];
        for (int q = 0; q < 4; q++) {
          for (int i = 0; q != l && i < 6; i++) {
            for (int c = 0; c < 5; c++) {
              rest[i][c] += z[q][i][c] / 3;
            }
          }
        }
        refAve += symmetric(z[l], normalised(rest), tau) / 4;
      }
      assertEquals(refPwe, pwe, 1e-5 * refPwe);
      assertEquals(refAve, ave, 1e-5 * refAve);
    }
  }

  @Test
  void pweAndAveCoincideForTwoViews() {
    double[][][] x = M3gLossTest.random(new SplittableRandom(5), 2, 7, 3);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e = m.create(flat(x), new Shape(2, 7, 3));
      double pwe = new InfoNceLoss(InfoNceLoss.Variant.PWE, 0.5).loss(e).getFloat();
      double ave = new InfoNceLoss(InfoNceLoss.Variant.AVE, 0.5).loss(e).getFloat();
      assertEquals(pwe, ave, 1e-6);
    }
  }

  private static double[][] normalised(double[][] x) {
    double[][] z = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      for (double v : x[i]) {
        s += v * v;
      }
      z[i] = new double[x[i].length];
      for (int c = 0; c < x[i].length; c++) {
        z[i][c] = x[i][c] / Math.sqrt(s);
      }
    }
    return z;
  }

  private static double symmetric(double[][] za, double[][] zb, double tau) {
    int n = za.length;
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int c = 0; c < za[i].length; c++) {
          s[i][j] += za[i][c] * zb[j][c] / tau;
        }
      }
    }
    double ab = 0;
    double ba = 0;
    for (int i = 0; i < n; i++) {
      double row = 0;
      double col = 0;
      for (int j = 0; j < n; j++) {
        row += Math.exp(s[i][j]);
        col += Math.exp(s[j][i]);
      }
      ab += Math.log(row) - s[i][i];
      ba += Math.log(col) - s[i][i];
    }
    return (ab + ba) / (2 * n);
  }
}
