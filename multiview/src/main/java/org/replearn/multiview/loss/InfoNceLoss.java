package org.replearn.multiview.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * Symmetric InfoNCE extended to k views (DJL autograd). With z normalised rows and S_ij =
 * &lt;z_i^a, z_j^b&gt; / tau:
 *
 * <pre>
 * l(a -&gt; b)   = -(1/n) sum_i log softmax_j(S_i.)_i,   l_sym(a, b) = (l(a -&gt; b) + l(b -&gt; a)) / 2
 * pwe          = (2 / (k(k-1))) sum_{a&lt;b} l_sym(z^a, z^b)
 * ave          = (1/k) sum_l l_sym(z^l, normalise((1/(k-1)) sum_{m != l} z^m))
 * </pre>
 */
public final class InfoNceLoss implements MultiViewLoss {

  /** How the two-view loss is extended to k views. */
  public enum Variant {
    /** Pairwise extension: the mean over all pairs of views. */
    PWE,
    /** Each view against the normalised average of the others. */
    AVE
  }

  private final Variant variant;
  private final double temperature;

  /**
   * @param variant pwe or ave
   * @param temperature tau &gt; 0 (typically 0.1)
   */
  public InfoNceLoss(Variant variant, double temperature) {
    InvalidInputException.require(
        temperature > 0 && Double.isFinite(temperature), "temperature", "must be > 0", temperature);
    this.variant = variant;
    this.temperature = temperature;
  }

  @Override
  public String name() {
    return "infonce-" + variant.name().toLowerCase(Locale.ROOT);
  }

  public double temperature() {
    return temperature;
  }

  @Override
  public Objective objective(NDArray embeddings) {
    NDArray loss = loss(embeddings);
    return new Objective(
        loss, loss.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble());
  }

  /**
   * The loss as a differentiable scalar.
   *
   * @param embeddings {@code [views, batch, dim]}
   */
  public NDArray loss(NDArray embeddings) {
    long[] shape = embeddings.getShape().getShape();
    InvalidInputException.require(
        shape.length == 3 && shape[0] >= 2,
        "embeddings",
        "must be [views >= 2, batch, dim]",
        embeddings.getShape());
    int k = (int) shape[0];
    try (NDManager scope = NDManager.subManagerOf(embeddings)) {
      scope.tempAttachAll(embeddings);
      NDArray z = normalise(embeddings);
      NDArray eye = scope.eye((int) shape[1]);
      NDList terms = new NDList();
      if (variant == Variant.PWE) {
        for (int a = 0; a < k; a++) {
          for (int b = a + 1; b < k; b++) {
            terms.add(symmetric(z.get(a), z.get(b), eye));
          }
        }
      } else {
        NDArray total = z.sum(new int[] {0});
        for (int l = 0; l < k; l++) {
          NDArray rest = normalise(total.sub(z.get(l)).div((float) (k - 1)));
          terms.add(symmetric(z.get(l), rest, eye));
        }
      }
      NDArray mean = NDArrays.stack(terms).mean();
      return scope.ret(mean);
    }
  }

  private NDArray symmetric(NDArray za, NDArray zb, NDArray eye) {
    NDArray s = za.matMul(zb.transpose()).div((float) temperature);
    NDArray ab = s.logSoftmax(1).mul(eye).sum().neg();
    NDArray ba = s.logSoftmax(0).mul(eye).sum().neg();
    return ab.add(ba).div(2f * eye.getShape().get(0));
  }

  private static NDArray normalise(NDArray x) {
    NDArray norm = x.square().sum(new int[] {-1}, true).sqrt().maximum(1e-12f);
    return x.div(norm);
  }
}
