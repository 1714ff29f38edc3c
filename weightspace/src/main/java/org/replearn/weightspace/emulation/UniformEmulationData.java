package org.replearn.weightspace.emulation;

import org.replearn.weightspace.zoo.LstmSpec;

/**
 * {@link EmulationData} whose rows all have the same layout, T steps per rollout and number of
 * stored rollouts: the subclass holds the rows.
 */
public abstract class UniformEmulationData implements EmulationData {
  private final LstmSpec layout;
  private final int steps;
  private final int rollouts;

  /**
   * @param layout shapes of the zoo's models
   * @param steps T, emulator steps per rollout
   * @param rollouts stored rollouts of every row
   */
  protected UniformEmulationData(LstmSpec layout, int steps, int rollouts) {
    this.layout = layout;
    this.steps = steps;
    this.rollouts = rollouts;
  }

  @Override
  public final LstmSpec layout() {
    return layout;
  }

  @Override
  public final int steps() {
    return steps;
  }

  @Override
  public final int rollouts(int row) {
    return rollouts;
  }

  /** The number of stored rollouts of every row. */
  protected final int rolloutsPerRow() {
    return rollouts;
  }
}
