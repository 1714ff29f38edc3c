package org.replearn.multiview.ot;

import java.util.Locale;
import org.replearn.core.InvalidInputException;

/** Storage precision of the n^k log-coupling tensor; potentials and sums are always double. */
public enum Precision {
  FLOAT32,
  FLOAT64;

  /** Bytes per tensor entry. */
  public int bytes() {
    return this == FLOAT32 ? 4 : 8;
  }

  /** Parses {@code float32|float64} (also {@code f32|f64|float|double}). */
  public static Precision parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "float32", "f32", "float" -> FLOAT32;
      case "float64", "f64", "double" -> FLOAT64;
      default -> throw InvalidInputException.of("precision", "must be float32 or float64", s);
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
