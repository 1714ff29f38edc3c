package org.replearn.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one converter for every floating-point option of every command: Java's own parsing accepts
 * "NaN" and "Infinity", which no setting of replearn means (a NaN fails every {@code x > 0} check
 * silently, an infinite weight decay writes non-finite weights). Registered on the root command, so
 * each {@code double}, {@code float} and array option is converted here; picocli reports a refusal
 * as {@code Invalid value for option '--epsilon': must be a finite number, found NaN}.
 */
final class FiniteNumbers {
  private FiniteNumbers() {}

  /** Registers the converters on {@code cl} and all its subcommands. */
  static void register(CommandLine cl) {
    ITypeConverter<Double> doubles = FiniteNumbers::parseDouble;
    ITypeConverter<Float> floats = text -> (float) (double) parseFloat(text);
    cl.registerConverter(Double.class, doubles);
    cl.registerConverter(Double.TYPE, doubles);
    cl.registerConverter(Float.class, floats);
    cl.registerConverter(Float.TYPE, floats);
  }

  /** Parses a finite double, or refuses naming the rule and the value. */
  static double parseDouble(String text) {
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a number, found " + text);
    }
    if (!Double.isFinite(v)) {
      throw new TypeConversionException("must be a finite number, found " + text);
    }
    return v;
  }

  private static double parseFloat(String text) {
    double v = parseDouble(text);
    if (Math.abs(v) > Float.MAX_VALUE) {
      throw new TypeConversionException("must be a finite float32 number, found " + text);
    }
    return v;
  }
}
