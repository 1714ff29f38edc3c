package org.replearn.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * AdamW (Loshchilov and Hutter 2019) exactly as {@code torch.optim.AdamW} computes it, on a fixed
 * list of parameter arrays updated in place.
 *
 * <pre>
 *   theta <- theta * (1 - lr * lambda)
 *   m <- beta1 m + (1 - beta1) g          v <- beta2 v + (1 - beta2) g^2
 *   theta <- theta - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * <p>The moment buffers live in a manager owned by this optimiser; close it to free them. Each step
 * opens its own sub-manager, so temporaries never outlive the step. Call {@link #step} outside any
 * {@code GradientCollector} (as torch runs its optimisers under {@code no_grad}).
 */
public final class AdamW implements AutoCloseable {

  /**
   * Settings of AdamW.
   *
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment decay, in [0, 1)
   * @param eps added to the denominator, > 0
   * @param weightDecay decoupled weight decay lambda, >= 0 (PyTorch's default is 0.01)
   */
  public record Config(double beta1, double beta2, double eps, double weightDecay) {
    public Config {
      InvalidInputException.require(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1)", beta1);
      InvalidInputException.require(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1)", beta2);
      InvalidInputException.require(eps > 0, "eps", "must be > 0", eps);
      InvalidInputException.require(weightDecay >= 0, "weightDecay", "must be >= 0", weightDecay);
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Config pytorchDefaults() {
      return new Config(0.9, 0.999, 1e-8, 0.01);
    }

    /** The same settings with another weight decay. */
    public Config withWeightDecay(double lambda) {
      return new Config(beta1, beta2, eps, lambda);
    }
  }

  private final Config config;
  private final List<NDArray> parameters;
  private final NDManager stateManager;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long steps;

  /**
   * @param parameters the arrays to update in place (any shapes); their gradients are passed to
   *     {@link #step}
   */
  public AdamW(Config config, List<NDArray> parameters) {
    this.config = config;
    this.parameters = List.copyOf(parameters);
    InvalidInputException.require(!parameters.isEmpty(), "parameters", "must not be empty", 0);
    this.stateManager = parameters.get(0).getManager().newSubManager();
    for (NDArray p : this.parameters) {
      firstMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
      secondMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
    }
  }

  /** Number of steps taken so far (t in the bias corrections). */
  public long steps() {
    return steps;
  }

  /** The moment buffers m and v, in parameter order, for checkpoints. */
  public List<NDArray> state() {
    List<NDArray> s = new ArrayList<>(firstMoments);
    s.addAll(secondMoments);
    return s;
  }

  /**
   * Restores moments and step count saved from {@link #state()} and {@link #steps()}.
   *
   * @param state 2P arrays: P first moments then P second moments
   */
  public void restore(List<NDArray> state, long stepCount) {
    int n = parameters.size();
    InvalidInputException.require(
        state.size() == 2 * n, "optimiser state", "must hold " + 2 * n + " arrays", state.size());
    for (int i = 0; i < n; i++) {
      copyInto(firstMoments.get(i), state.get(i));
      copyInto(secondMoments.get(i), state.get(n + i));
    }
    this.steps = stepCount;
  }

  private static void copyInto(NDArray target, NDArray source) {
    InvalidInputException.require(
        target.getShape().equals(source.getShape()),
        "optimiser state",
        "must have shape " + target.getShape(),
        source.getShape());
    target.set(source.toType(target.getDataType(), false).toByteBuffer());
  }

  /**
   * One AdamW update of every parameter.
   *
   * @param gradients gradients in parameter order, same shapes
   * @param learningRate the learning rate for this step
   */
  public void step(List<NDArray> gradients, double learningRate) {
    InvalidInputException.require(
        gradients.size() == parameters.size(),
        "gradients",
        "must match the " + parameters.size() + " parameters",
        gradients.size());
    steps++;
    double bias1 = 1 - Math.pow(config.beta1(), steps);
    double bias2 = 1 - Math.pow(config.beta2(), steps);
    for (int i = 0; i < parameters.size(); i++) {
      NDArray p = parameters.get(i);
      NDArray g = gradients.get(i);
      NDArray m = firstMoments.get(i);
      NDArray v = secondMoments.get(i);
      try (NDManager scope = stateManager.newSubManager()) {
        // temporaries are created in their operands' manager: attach all four to the scope
        scope.tempAttachAll(p, g, m, v);
        if (config.weightDecay() != 0) {
          p.muli(1 - learningRate * config.weightDecay());
        }
        m.muli(config.beta1()).addi(g.mul(1 - config.beta1()));
        v.muli(config.beta2()).addi(g.square().muli(1 - config.beta2()));
        NDArray denominator = v.div(bias2).sqrt().addi(config.eps());
        p.subi(m.mul(learningRate / bias1).divi(denominator));
      }
    }
  }

  @Override
  public void close() {
    stateManager.close();
  }
}
