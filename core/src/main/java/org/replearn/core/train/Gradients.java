package org.replearn.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradients of parameters after {@code GradientCollector.backward}.
 *
 * <p>DJL's PyTorch engine <b>accumulates</b> gradients across collectors, like PyTorch without
 * {@code optimizer.zero_grad()}: a training loop must zero them after each update ({@link #zero}).
 * And each {@code NDArray.getGradient()} call makes a new native handle attached to the parameter's
 * manager, so a loop that calls it directly leaks handles; {@link #of} attaches them to the step's
 * scope instead.
 */
public final class Gradients {
  private Gradients() {}

  /**
   * The gradients of {@code parameters}, as handles owned by {@code scope} (freed with it). They
   * share storage with the parameters' gradients: in-place changes (clipping, {@link #zero}) act on
   * them.
   */
  public static List<NDArray> of(List<NDArray> parameters, NDManager scope) {
    List<NDArray> gradients = new ArrayList<>(parameters.size());
    for (NDArray p : parameters) {
      NDArray g = p.getGradient();
      g.attach(scope);
      gradients.add(g);
    }
    return gradients;
  }

  /** Sets the gradients to zero in place (after the optimiser step, before the next backward). */
  public static void zero(List<NDArray> gradients) {
    for (NDArray g : gradients) {
      g.subi(g);
    }
  }
}
