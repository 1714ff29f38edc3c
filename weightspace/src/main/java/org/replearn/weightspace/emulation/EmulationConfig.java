package org.replearn.weightspace.emulation;

import org.replearn.core.InvalidInputException;
import org.replearn.weightspace.encoder.EncoderKind;

/**
 * Settings of emulation training.
 *
 * @param steps optimiser steps (official 100,000)
 * @param batchSize checkpoints per step, one random stored rollout each (official 64)
 * @param learningRate AdamW learning rate (official 1e-4)
 * @param weightDecay AdamW weight decay (official 0.01)
 * @param clipNorm gradient-norm clip applied to encoder and emulator separately (official 0.1)
 * @param evalEvery steps between validation/OOD evaluations and checkpoints (official 1000)
 * @param evalRows at most this many rows per split are evaluated (0: all, as the official code)
 * @param loss total variation (official) or reverse KL (paper)
 * @param emulatorHidden emulator LSTM width (official 256)
 * @param microBatch checkpoints per forward/backward pass within a step, their gradients summed
 *     before clipping and the update (the same step as the whole batch at once, in less memory); 0
 *     for the encoder's default ({@link EncoderKind#defaultMicroBatch()})
 */
public record EmulationConfig(
    int steps,
    int batchSize,
    double learningRate,
    double weightDecay,
    double clipNorm,
    int evalEvery,
    int evalRows,
    EmulationLoss loss,
    int emulatorHidden,
    int microBatch) {

  public EmulationConfig {
    InvalidInputException.requirePositive(steps, "steps");
    InvalidInputException.requirePositive(batchSize, "batchSize");
    InvalidInputException.requirePositive(learningRate, "learningRate");
    InvalidInputException.requireNonNegative(weightDecay, "weightDecay");
    InvalidInputException.requirePositive(clipNorm, "clipNorm");
    InvalidInputException.requirePositive(evalEvery, "evalEvery");
    InvalidInputException.requireAtLeast(evalRows, 0, "evalRows");
    InvalidInputException.require(loss != null, "loss", "must be given", "null");
    InvalidInputException.requirePositive(emulatorHidden, "emulatorHidden");
    InvalidInputException.requireAtLeast(microBatch, 0, "microBatch");
  }

  /** The official recipe (the official code's training defaults). */
  public static EmulationConfig official() {
    return new EmulationConfig(
        100_000, 64, 1e-4, 0.01, 0.1, 1000, 0, EmulationLoss.TOTAL_VARIATION, 256, 0);
  }

  /** A builder starting from the {@link #official()} recipe; every setting is optional. */
  public static Builder builder() {
    return official().toBuilder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The same settings with another step budget and evaluation interval. */
  public EmulationConfig withSteps(int newSteps, int newEvalEvery) {
    return toBuilder().optSteps(newSteps).optEvalEvery(newEvalEvery).build();
  }

  /**
   * Builds an {@link EmulationConfig} setting by setting; {@link #build()} validates, naming the
   * setting at fault ({@code "learningRate must be > 0, found -1.0"}).
   */
  public static final class Builder {
    private int steps;
    private int batchSize;
    private double learningRate;
    private double weightDecay;
    private double clipNorm;
    private int evalEvery;
    private int evalRows;
    private EmulationLoss loss;
    private int emulatorHidden;
    private int microBatch;

    private Builder(EmulationConfig c) {
      steps = c.steps;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      weightDecay = c.weightDecay;
      clipNorm = c.clipNorm;
      evalEvery = c.evalEvery;
      evalRows = c.evalRows;
      loss = c.loss;
      emulatorHidden = c.emulatorHidden;
      microBatch = c.microBatch;
    }

    /** Optimiser steps (official 100,000). */
    public Builder optSteps(int v) {
      steps = v;
      return this;
    }

    /** Checkpoints per step (official 64). */
    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    /** AdamW learning rate (official 1e-4). */
    public Builder optLearningRate(double v) {
      learningRate = v;
      return this;
    }

    /** AdamW weight decay (official 0.01). */
    public Builder optWeightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** Gradient-norm clip (official 0.1). */
    public Builder optClipNorm(double v) {
      clipNorm = v;
      return this;
    }

    /** Steps between evaluations and checkpoints (official 1000). */
    public Builder optEvalEvery(int v) {
      evalEvery = v;
      return this;
    }

    /** Rows evaluated per split (official 0: all). */
    public Builder optEvalRows(int v) {
      evalRows = v;
      return this;
    }

    /** Emulation loss (official total variation). */
    public Builder optLoss(EmulationLoss v) {
      loss = v;
      return this;
    }

    /** Emulator LSTM width (official 256). */
    public Builder optEmulatorHidden(int v) {
      emulatorHidden = v;
      return this;
    }

    /** Checkpoints per forward/backward pass (0: the encoder's default). */
    public Builder optMicroBatch(int v) {
      microBatch = v;
      return this;
    }

    /** The validated settings. */
    public EmulationConfig build() {
      return new EmulationConfig(
          steps,
          batchSize,
          learningRate,
          weightDecay,
          clipNorm,
          evalEvery,
          evalRows,
          loss,
          emulatorHidden,
          microBatch);
    }
  }

  /** Checkpoints per forward/backward pass for {@code encoder}: at most the batch. */
  public int microBatchFor(EncoderKind encoder) {
    int chosen = microBatch > 0 ? microBatch : encoder.defaultMicroBatch();
    return chosen > 0 ? Math.min(chosen, batchSize) : batchSize;
  }
}
