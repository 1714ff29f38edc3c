package org.replearn.privacy.accounting;

import org.replearn.core.EnumIds;
import org.replearn.core.InvalidInputException;

/**
 * Which data sets count as neighbours. A sum of contributions bounded by G changes by at most G
 * when one example is added or removed, and by at most 2G when one example is replaced.
 */
public enum NeighbouringRelation {
  /** D and D' differ by adding or removing one example (the convention of Opacus and DP-SGD). */
  ADD_OR_REMOVE_ONE("add-remove", 1.0),
  /** D and D' have the same size and differ in one example. */
  REPLACE_ONE("replace-one", 2.0);

  private final String cliName;
  private final double sensitivityFactor;

  NeighbouringRelation(String cliName, double sensitivityFactor) {
    this.cliName = cliName;
    this.sensitivityFactor = sensitivityFactor;
  }

  /**
   * L2 sensitivity of a sum of contributions bounded by G, in units of G: 1 for add/remove-one, 2
   * for replace-one. A Gaussian event with multiplier sigma is then a Gaussian mechanism with
   * effective multiplier sigma / factor.
   */
  public double sensitivityFactor() {
    return sensitivityFactor;
  }

  /** The command-line name: {@code add-remove} or {@code replace-one}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Parses {@code add-remove} or {@code replace-one}, in any case.
   *
   * @throws InvalidInputException naming the allowed names for any other
   */
  public static NeighbouringRelation parse(String name) {
    return EnumIds.parse(NeighbouringRelation.class, r -> r.cliName, "neighbouring", name);
  }
}
