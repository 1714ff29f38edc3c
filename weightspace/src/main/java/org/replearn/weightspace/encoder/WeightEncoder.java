package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;

/**
 * A trainable map from a batch of zoo checkpoints to embeddings. Implementations register their
 * parameters in one {@link ParameterStore}; callers open a scope and temporarily attach those
 * parameters to it so every intermediate array is freed with the scope.
 */
public interface WeightEncoder extends AutoCloseable {

  /** Which of the paper's encoders this is. */
  EncoderKind kind();

  /** The trainable parameters. */
  ParameterStore parameters();

  /**
   * The raw encoder output z before normalisation.
   *
   * @param weights B checkpoints
   * @return [B, embeddingSize]
   */
  NDArray encode(LstmWeights weights);

  /**
   * The unit-norm embedding z / ||z||, [B, embeddingSize]: the emulator and the downstream
   * predictors see the normalised embedding (official {@code training_script.py}, {@code
   * CombinedEncoderEmulator.forward}).
   */
  default NDArray embed(LstmWeights weights) {
    NDArray z = encode(weights);
    return z.div(z.square().sum(new int[] {1}, true).sqrt());
  }

  /**
   * Switches training behaviour (dropout) on or off; encoders without such behaviour ignore it. The
   * emulation trainer turns it on for its steps only.
   */
  default void setTraining(boolean training) {}

  /**
   * Whether training should permute hidden units at random (the official code does so for the
   * encoders that are not permutation invariant: flat and transformer).
   */
  default boolean wantsPermutationAugmentation() {
    return kind().permutationAugmentation();
  }

  @Override
  default void close() {
    parameters().close();
  }
}
