package org.replearn.core.io;

/**
 * IEEE 754 binary16 ("half", numpy {@code float16}, safetensors {@code F16}) and bfloat16 (the top
 * half of a binary32) decoded to {@code float}; JDK 17 has no such conversion.
 */
final class Float16 {
  private Float16() {}

  /**
   * Decodes binary16 bits: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. Subnormals,
   * infinities and NaN map to the equal float (every binary16 value is exact in binary32).
   */
  static float toFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int fraction = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (fraction << 13));
    }
    if (exponent == 0) {
      // zero or subnormal: fraction * 2^-24, exact in float
      float magnitude = fraction * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (fraction << 13));
  }

  /** Decodes bfloat16 bits: the upper 16 bits of a binary32. */
  static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }
}
