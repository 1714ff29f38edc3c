package org.replearn.cli.bench;

import org.replearn.core.InvalidInputException;
import org.replearn.core.bench.WarmUp;

/** The {@code --warmup-seconds S} of the bench commands (each with its own default and wording). */
public final class WarmUpSeconds {
  private WarmUpSeconds() {}

  /** {@link WarmUp#forSeconds}{@code (seconds)}, refused naming {@code --warmup-seconds} if < 0. */
  public static WarmUp of(double seconds) {
    InvalidInputException.require(seconds >= 0, "--warmup-seconds", "must be >= 0", seconds);
    return WarmUp.forSeconds(seconds);
  }
}
