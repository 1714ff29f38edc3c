package org.replearn.core.report;

import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * How big {@code reproduce} runs each experiment.
 *
 * <ul>
 *   <li>{@link #SMOKE}: all experiments together within 3 minutes on 2 cores; uses only the data
 *       fixtures committed in the repository (no network); run by the tests.
 *   <li>{@link #SMALL}: the default; all experiments within 20 minutes on 2 cores; real data sets.
 *   <li>{@link #MEDIUM}: the scale at which the papers' claims can first be tested with statistical
 *       power: the encoders section within 2 hours on 2 cores (zoos of the official composition),
 *       the other sections within 30 more minutes (several seeds per setting); resumable.
 *   <li>{@link #PAPER}: the papers' sizes; long, resumable.
 * </ul>
 */
public enum Scale {
  SMOKE,
  SMALL,
  MEDIUM,
  PAPER;

  /** Parses {@code smoke|small|medium|paper}. */
  public static Scale parse(String s) {
    try {
      return valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of("scale", "must be smoke, small, medium or paper", s);
    }
  }

  /** Picks the value for this scale. */
  public <T> T pick(T smoke, T small, T medium, T paper) {
    return switch (this) {
      case SMOKE -> smoke;
      case SMALL -> small;
      case MEDIUM -> medium;
      case PAPER -> paper;
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
