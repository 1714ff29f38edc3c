package org.replearn.privacy.accounting;

import java.util.List;
import java.util.Optional;

/**
 * Tracks the privacy spent by a sequence of {@link PrivacyEvent}s and converts it to (epsilon,
 * delta)-DP. Every accountant validates an event completely before it changes any state, so a
 * refused event leaves the accountant as it was.
 */
public interface PrivacyAccountant {

  /** Short name used in messages and output, e.g. {@code "gdp"}. */
  String name();

  /** The neighbouring relation the guarantees refer to. */
  NeighbouringRelation neighbouringRelation();

  /**
   * Why {@code event} cannot be accounted for, naming the offending sub-event; empty when it can.
   */
  Optional<String> unsupportedReason(PrivacyEvent event);

  /**
   * Adds {@code event} to the ledger.
   *
   * @return this accountant
   * @throws UnsupportedEventException if {@link #unsupportedReason} is not empty (no state changes)
   */
  PrivacyAccountant compose(PrivacyEvent event);

  /** The events composed so far, in order. */
  List<PrivacyEvent> ledger();

  /**
   * The smallest epsilon this accountant certifies at {@code delta} (0 when nothing was composed).
   *
   * @param delta in (0, 1)
   */
  double epsilon(double delta);

  /**
   * The delta this accountant certifies at {@code epsilon}.
   *
   * @param epsilon >= 0
   */
  double delta(double epsilon);

  /** A new accountant of the same kind and settings with an empty ledger. */
  PrivacyAccountant emptyCopy();
}
