package org.replearn.riem.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.replearn.core.InvalidInputException;

/**
 * A reference network for 28 x 28 grey images with 10 classes, written as plain DJL operations on a
 * PyTorch-style state dict (so its safetensors file loads into a PyTorch module whose attributes
 * have the same names):
 *
 * <ul>
 *   <li>{@link #MLP} ({@code mlp}): 784-256-10 with ReLU; 203,530 parameters.
 *   <li>{@link #CNN} ({@code cnn}): LeNet-5 style; 61,706 parameters.
 *   <li>{@link #RESNET} ({@code resnet}): a ResNet-8 with 16/32/64 channels and batch norm (names
 *       as torchvision's ResNet); 77,754 parameters and 672 running statistics.
 *   <li>{@link #VIT} ({@code vit}): a 4-layer vision transformer on 7 x 7 patches, width 64 (names
 *       as timm's VisionTransformer); 139,018 parameters.
 * </ul>
 */
public abstract class ReferenceArch {
  public static final ReferenceArch MLP = new Mlp();
  public static final ReferenceArch CNN = new LeNet();
  public static final ReferenceArch RESNET = new SmallResNet();
  public static final ReferenceArch VIT = new SmallVit();

  private static final List<ReferenceArch> ALL = List.of(MLP, CNN, RESNET, VIT);

  private final String id;
  private final StateLayout layout;

  ReferenceArch(String id, StateLayout layout) {
    this.id = id;
    this.layout = layout;
  }

  /** Every architecture. */
  public static List<ReferenceArch> all() {
    return ALL;
  }

  /** Parses {@code mlp|cnn|resnet|vit}. */
  public static ReferenceArch parse(String s) {
    for (ReferenceArch a : ALL) {
      if (a.id.equals(s)) {
        return a;
      }
    }
    throw InvalidInputException.of(
        "arch", "must be " + ALL.stream().map(a -> a.id).collect(Collectors.joining(", ")), s);
  }

  /** Lower-case name. */
  public String id() {
    return id;
  }

  /** Trained tensors (PyTorch parameters): names and shapes, in PyTorch order. */
  public Map<String, Shape> parameterShapes() {
    return shapes(true);
  }

  /** Every state-dict tensor: the parameters and the running statistics of batch norms. */
  public Map<String, Shape> stateShapes() {
    return shapes(null);
  }

  /** The number of trained values. */
  public long parameterCount() {
    return parameterShapes().values().stream().mapToLong(Shape::size).sum();
  }

  private Map<String, Shape> shapes(Boolean trainable) {
    Map<String, Shape> out = new LinkedHashMap<>();
    layout
        .entries()
        .forEach(
            (name, e) -> {
              if (trainable == null || e.trainable() == trainable) {
                out.put(name, e.shape());
              }
            });
    return out;
  }

  /**
   * The initial state dict, drawn in state-dict order from {@code rng}: Linear and Conv2d weights
   * and biases ~ U(+-1/sqrt(fan_in)) (PyTorch's default), fan_in = in x kh x kw; norms start at
   * weight 1, bias 0, running mean 0, running variance 1; other tensors as their architecture says.
   */
  public Map<String, NDArray> initialState(NDManager manager, SplittableRandom rng) {
    Map<String, NDArray> state = new LinkedHashMap<>();
    layout.entries().forEach((name, e) -> state.put(name, e.initial(manager, rng)));
    return state;
  }

  /**
   * Logits for a batch.
   *
   * @param state the state dict (every name of {@link #stateShapes})
   * @param x {@code [batch, 28, 28]} in [0, 1]
   * @param training batch norms normalise with the batch's statistics and update their running
   *     statistics in {@code state} (in place); otherwise they use the running statistics
   * @return {@code [batch, 10]}
   */
  public abstract NDArray forward(Map<String, NDArray> state, NDArray x, boolean training);

  @Override
  public String toString() {
    return id;
  }
}
