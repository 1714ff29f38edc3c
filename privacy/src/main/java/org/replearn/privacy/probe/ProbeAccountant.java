package org.replearn.privacy.probe;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.replearn.core.EnumIds;
import org.replearn.core.IdEnum;
import org.replearn.core.InvalidInputException;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.accounting.PrivacyAccountant;
import org.replearn.privacy.accounting.RdpAccountant;
import org.replearn.privacy.accounting.RdpConvention;

/** The accountant that calibrates a private probe's noise and reports the epsilon spent. */
public enum ProbeAccountant implements IdEnum {
  /** Gaussian DP, exact for full-batch NoisyGD ({@link GdpAccountant}). */
  GDP,
  /**
   * Renyi DP in dp_accounting's convention, for Poisson-subsampled steps ({@link RdpAccountant}).
   */
  RDP;

  /**
   * The {@link #id()}: results, tables and file names print the accountant as the command line
   * names it.
   */
  @Override
  public String toString() {
    return id();
  }

  /**
   * The accountant with {@link #id()} {@code id}, in any case.
   *
   * @throws InvalidInputException naming the allowed ids for any other
   */
  @JsonCreator
  public static ProbeAccountant parse(String id) {
    return EnumIds.parse(ProbeAccountant.class, "accountant", id);
  }

  /** A fresh accountant of this kind for {@code neighbouring}. */
  public PrivacyAccountant create(NeighbouringRelation neighbouring) {
    return this == GDP
        ? new GdpAccountant(neighbouring)
        : new RdpAccountant(RdpConvention.DP_ACCOUNTING, neighbouring);
  }
}
