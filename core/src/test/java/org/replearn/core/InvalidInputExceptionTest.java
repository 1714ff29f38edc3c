package org.replearn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InvalidInputExceptionTest {

  private static void refused(String message, Executable check) {
    assertEquals(message, assertThrows(InvalidInputException.class, check).getMessage());
  }

  @Test
  void rangeChecksNameTheInputTheRuleAndTheValue() {
    refused("steps must be > 0, found 0", () -> InvalidInputException.requirePositive(0, "steps"));
    refused(
        "lr must be > 0, found NaN", () -> InvalidInputException.requirePositive(Double.NaN, "lr"));
    refused("n must be >= 1, found 0", () -> InvalidInputException.requireAtLeast(0, 1, "n"));
    refused(
        "bits must be in 1..16, found 17",
        () -> InvalidInputException.requireBetween(17, 1, 16, "bits"));
    refused(
        "d must be >= 0, found -0.5", () -> InvalidInputException.requireNonNegative(-0.5, "d"));
    refused(
        "g must be finite and > 0, found Infinity",
        () -> InvalidInputException.requireFinitePositive(Double.POSITIVE_INFINITY, "g"));
    refused(
        "s must be finite and >= 0, found NaN",
        () -> InvalidInputException.requireFiniteNonNegative(Double.NaN, "s"));
  }

  @Test
  void valuesInsideTheRangePass() {
    InvalidInputException.requirePositive(1, "steps");
    InvalidInputException.requirePositive(Double.MIN_VALUE, "lr");
    InvalidInputException.requireAtLeast(1, 1, "n");
    InvalidInputException.requireBetween(16, 1, 16, "bits");
    InvalidInputException.requireNonNegative(0.0, "d");
    InvalidInputException.requireFinitePositive(Double.MAX_VALUE, "g");
    InvalidInputException.requireFiniteNonNegative(0.0, "s");
  }
}
