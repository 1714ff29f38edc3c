package org.replearn.weightspace.encoder;

import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Settings of the probing encoders (official {@code InteractiveEncoder}).
 *
 * @param interactive true: each probe is generated from the core's last output (interactive);
 *     false: from a learned static code per step (non-interactive)
 * @param probeLength L, the number of probe steps (official 22 for formal languages, 50 for MNIST)
 * @param parallelProbes M, probe sequences run side by side per target (official 1)
 * @param tokenProbes true: probes are a softmax over the input tokens (formal languages); false: a
 *     sigmoid per input entry (MNIST tiles)
 * @param coreHidden width of the LSTM-cell core (official 256)
 * @param coreLayers stacked core cells with residual connections (official 2)
 * @param encodingSize width of each up-projected probe code (official 128)
 * @param mlpHidden hidden width of the probe decoder and output MLP (official 128)
 * @param embeddingSize output size (official 16)
 */
public record ProbingConfig(
    boolean interactive,
    int probeLength,
    int parallelProbes,
    boolean tokenProbes,
    int coreHidden,
    int coreLayers,
    int encodingSize,
    int mlpHidden,
    int embeddingSize) {

  public ProbingConfig {
    InvalidInputException.require(probeLength > 0, "probeLength", "must be > 0", probeLength);
    InvalidInputException.require(
        parallelProbes > 0, "parallelProbes", "must be > 0", parallelProbes);
    InvalidInputException.require(coreHidden > 0, "coreHidden", "must be > 0", coreHidden);
    InvalidInputException.require(coreLayers > 0, "coreLayers", "must be > 0", coreLayers);
    InvalidInputException.require(encodingSize > 0, "encodingSize", "must be > 0", encodingSize);
    InvalidInputException.require(mlpHidden > 0, "MLP hidden size", "must be > 0", mlpHidden);
    InvalidInputException.require(embeddingSize > 0, "embeddingSize", "must be > 0", embeddingSize);
  }

  /**
   * The official {@code interactive_1} / {@code noninteractive_1} settings for a zoo: token probes
   * and L = 22 when input and output are the same tokens (formal languages), else sigmoid probes
   * and L = 50 (sequential MNIST).
   */
  public static ProbingConfig official(LstmSpec layout, boolean interactive) {
    boolean tokens = layout.inputSize() == layout.outputSize();
    return new ProbingConfig(interactive, tokens ? 22 : 50, 1, tokens, 256, 2, 128, 128, 16);
  }

  /** The same settings with another probe length. */
  public ProbingConfig withProbeLength(int length) {
    return new ProbingConfig(
        interactive,
        length,
        parallelProbes,
        tokenProbes,
        coreHidden,
        coreLayers,
        encodingSize,
        mlpHidden,
        embeddingSize);
  }
}
