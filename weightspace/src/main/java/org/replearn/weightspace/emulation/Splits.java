package org.replearn.weightspace.emulation;

import org.replearn.core.InvalidInputException;

/**
 * Checkpoint rows of the training, validation and out-of-distribution splits (split by task, so a
 * model's checkpoints stay together).
 */
public record Splits(int[] train, int[] validation, int[] ood) {
  public Splits {
    InvalidInputException.require(train.length > 0, "training split", "must not be empty", 0);
  }
}
