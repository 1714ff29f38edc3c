package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * A {@link WeightEncoder} of a fixed {@link EncoderKind} whose parameters live in one {@link
 * ParameterStore}, made by this constructor before the subclass registers its parameters there.
 */
abstract class AbstractWeightEncoder implements WeightEncoder {
  /** The encoder's trainable parameters; the subclass's constructor registers them here. */
  protected final ParameterStore store;

  private final EncoderKind kind;

  /**
   * @param kind which of the paper's encoders the subclass is
   * @param manager the manager the parameters are created in
   * @param dataType the parameters' data type
   */
  protected AbstractWeightEncoder(EncoderKind kind, NDManager manager, DataType dataType) {
    this.kind = kind;
    this.store = new ParameterStore(manager, dataType);
  }

  @Override
  public final EncoderKind kind() {
    return kind;
  }

  @Override
  public final ParameterStore parameters() {
    return store;
  }
}
