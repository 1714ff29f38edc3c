package org.replearn.privacy.accounting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.replearn.core.InvalidInputException;

/**
 * The shared part of every accountant: the ledger, validation before composition, the walk through
 * (self-)compositions when validating, and argument checks. Subclasses supply {@link
 * #unsupportedSubsampling} and {@link #apply}.
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

  /**
   * Empty when every Poisson-subsampled event in the tree is supported ({@link
   * #unsupportedSubsampling}); Gaussians are always supported, and a (self-)composition is
   * supported when each part is.
   */
  @Override
  public final Optional<String> unsupportedReason(PrivacyEvent event) {
    if (event instanceof PrivacyEvent.PoissonSubsampled p) {
      return unsupportedSubsampling(p);
    }
    if (event instanceof PrivacyEvent.SelfComposed s) {
      return unsupportedReason(s.event());
    }
    if (event instanceof PrivacyEvent.Composed c) {
      for (PrivacyEvent e : c.events()) {
        Optional<String> reason = unsupportedReason(e);
        if (reason.isPresent()) {
          return reason;
        }
      }
    }
    return Optional.empty();
  }

  /** Why this accountant cannot analyse {@code event}, or empty when it can. */
  abstract Optional<String> unsupportedSubsampling(PrivacyEvent.PoissonSubsampled event);

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
