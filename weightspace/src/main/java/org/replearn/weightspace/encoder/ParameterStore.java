package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.RandomArrays;

/**
 * The named, trainable arrays of one network, owned by a manager of their own and marked for
 * gradients. Initialisers draw from an explicit generator, so the same seed gives the same network.
 */
public final class ParameterStore implements AutoCloseable {

  private final NDManager manager;
  private final DataType dataType;
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();

  /**
   * @param parent the manager the store's own sub-manager is made from
   * @param dataType FLOAT32 for training, FLOAT64 for finite-difference tests
   */
  public ParameterStore(NDManager parent, DataType dataType) {
    this.manager = parent.newSubManager();
    this.dataType = dataType;
  }

  /** The manager holding the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** The floating-point type of every parameter. */
  public DataType dataType() {
    return dataType;
  }

  /** Registers {@code value} (moved into this store, converted to its type) under {@code name}. */
  public NDArray add(String name, NDArray value) {
    InvalidInputException.require(
        !parameters.containsKey(name), "parameter name", "must be unique", name);
    NDArray p = value.toType(dataType, false);
    p.attach(manager);
    if (p != value) {
      value.close();
    }
    p.setRequiresGradient(true);
    parameters.put(name, p);
    return p;
  }

  /** A parameter with entries uniform in [-bound, bound). */
  public NDArray uniform(String name, SplittableRandom rng, Shape shape, double bound) {
    return add(name, RandomArrays.uniform(manager, rng, shape, (float) -bound, (float) bound));
  }

  /** A parameter with standard normal entries (torch.randn). */
  public NDArray normal(String name, SplittableRandom rng, Shape shape) {
    return add(name, RandomArrays.normal(manager, rng, shape, 0f, 1f));
  }

  /** A parameter of zeros. */
  public NDArray zeros(String name, Shape shape) {
    return add(name, manager.zeros(shape, dataType));
  }

  /**
   * A linear layer with PyTorch's default initialisation, weight and bias uniform in +-1/sqrt(in).
   */
  public Linear linear(String name, int in, int out, SplittableRandom rng) {
    return linear(name, in, out, rng, 1 / Math.sqrt(in));
  }

  /** A linear layer with weight and bias uniform in +-bound. */
  public Linear linear(String name, int in, int out, SplittableRandom rng, double bound) {
    NDArray weight = uniform(name + ".weight", rng, new Shape(in, out), bound);
    NDArray bias = uniform(name + ".bias", rng, new Shape(out), bound);
    return new Linear(weight, bias);
  }

  /** The parameter called {@code name}. */
  public NDArray get(String name) {
    NDArray p = parameters.get(name);
    InvalidInputException.require(p != null, "parameter name", "must exist", name);
    return p;
  }

  /** All parameters in registration order. */
  public List<NDArray> list() {
    return new ArrayList<>(parameters.values());
  }

  /** All parameters as one list, for {@code NDManager.tempAttachAll}. */
  public NDList asNDList() {
    return new NDList(parameters.values());
  }

  /** Name to parameter, in registration order. */
  public Map<String, NDArray> asMap() {
    return Collections.unmodifiableMap(parameters);
  }

  /** Total number of scalar parameters. */
  public long count() {
    long n = 0;
    for (NDArray p : parameters.values()) {
      n += p.size();
    }
    return n;
  }

  /** Copies saved values into the parameters, checking names and shapes. */
  public void load(Map<String, NDArray> saved, String prefix) {
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray source = saved.get(prefix + e.getKey());
      InvalidInputException.require(
          source != null, "checkpoint", "lacks parameter", prefix + e.getKey());
      InvalidInputException.require(
          source.getShape().equals(e.getValue().getShape()),
          "checkpoint parameter " + prefix + e.getKey(),
          "must have shape " + e.getValue().getShape(),
          source.getShape());
      e.getValue().set(source.toType(dataType, false).toByteBuffer());
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
