package org.replearn.weightspace.emulation;

import org.replearn.weightspace.zoo.LstmSpec;

/**
 * What emulation training reads from a zoo: each checkpoint row's flat weights and its stored
 * rollouts, as emulator inputs and target output distributions.
 */
public interface EmulationData {

  /** Shapes of the zoo's models. */
  LstmSpec layout();

  /** Number of checkpoint rows. */
  int rowCount();

  /** T, emulator steps per rollout (41 for formal languages: BOS and 40 tokens; 50 for MNIST). */
  int steps();

  /** Number of stored rollouts of {@code row}. */
  int rollouts(int row);

  /** Flat weights of {@code row} in the official order, length P. */
  float[] weights(int row);

  /** Emulator inputs of one rollout, [T, X] row-major (one-hot tokens or pixel tiles). */
  float[] inputs(int row, int rollout);

  /** The original model's output distribution at each step, [T, Y] row-major, rows sum to 1. */
  float[] targets(int row, int rollout);
}
