package org.replearn.privacy.accounting;

import org.replearn.core.InvalidInputException;

/**
 * An accountant cannot account for an event (for example a Poisson-subsampled event in the exact
 * Gaussian-DP accountant). Thrown before the accountant's state changes; the message names the
 * event and the reason.
 */
public final class UnsupportedEventException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** An exception for {@code event} with the accountant's {@code reason}. */
  public UnsupportedEventException(String accountant, PrivacyEvent event, String reason) {
    super(accountant + " cannot account for " + event + ": " + reason);
  }
}
