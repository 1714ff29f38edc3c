package org.replearn.privacy.accounting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.replearn.core.InvalidInputException;

/**
 * The shared part of every accountant: the ledger, validation before composition, and argument
 * checks. Subclasses supply {@link #unsupportedReason} and {@link #apply}.
 */
abstract class LedgerAccountant implements PrivacyAccountant {
  private final NeighbouringRelation relation;
  private final List<PrivacyEvent> ledger = new ArrayList<>();

  LedgerAccountant(NeighbouringRelation relation) {
    InvalidInputException.require(relation != null, "neighbouring relation", "must be given", null);
    this.relation = relation;
  }

  @Override
  public final NeighbouringRelation neighbouringRelation() {
    return relation;
  }

  @Override
  public final PrivacyAccountant compose(PrivacyEvent event) {
    InvalidInputException.require(event != null, "privacy event", "must be given", null);
    Optional<String> reason = unsupportedReason(event);
    if (reason.isPresent()) {
      throw new UnsupportedEventException(name() + " accountant", event, reason.get());
    }
    apply(event);
    ledger.add(event);
    return this;
  }

  /** Updates the state for an event already known to be supported. */
  abstract void apply(PrivacyEvent event);

  @Override
  public final List<PrivacyEvent> ledger() {
    return Collections.unmodifiableList(ledger);
  }

  /** The effective Gaussian noise multiplier of one Gaussian event under this relation. */
  final double effectiveMultiplier(PrivacyEvent.Gaussian g) {
    return g.noiseMultiplier() / relation.sensitivityFactor();
  }

  static void requireDelta(double delta) {
    InvalidInputException.require(delta > 0 && delta < 1, "delta", "must be in (0, 1)", delta);
  }

  static void requireEpsilon(double epsilon) {
    InvalidInputException.require(
        epsilon >= 0 && Double.isFinite(epsilon), "epsilon", "must be finite and >= 0", epsilon);
  }
}
