package org.replearn.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.replearn.core.CorruptFileException;

/**
 * The checks every file reader shares: sizes computed with overflow checks, finite values where a
 * computation cannot use others, and I/O errors that name the file.
 */
public final class FileChecks {
  private FileChecks() {}

  /**
   * {@code a * b}, refusing a product that overflows 64 bits.
   *
   * @param what what the size is of, e.g. {@code "tensor 'w'"} or {@code "shape (3, 4)"}
   * @throws CorruptFileException naming the file, what and the factors
   */
  public static long multiply(Path file, String what, long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new CorruptFileException(
          file, what + " is too large: " + a + " x " + b + " overflows 64 bits");
    }
  }

  /**
   * The number of elements of {@code dims}, refusing negative dimensions and products that overflow
   * 64 bits.
   */
  public static long elementCount(Path file, String what, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new CorruptFileException(file, what + " has a negative dimension, found " + d);
      }
      n = multiply(file, what, n, d);
    }
    return n;
  }

  /**
   * Refuses NaN and infinite values.
   *
   * @param tensor the tensor or array the values come from (named in the error)
   * @throws CorruptFileException naming the file, the tensor, the first bad index and its value
   */
  public static void requireFinite(Path file, String tensor, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw nonFinite(file, tensor, i, values[i]);
      }
    }
  }

  /** Refuses NaN and infinite values (see {@link #requireFinite(Path, String, float[])}). */
  public static void requireFinite(Path file, String tensor, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw nonFinite(file, tensor, i, values[i]);
      }
    }
  }

  /**
   * Refuses values whose magnitude exceeds {@code limit} (and non-finite ones): a float32 weight of
   * 3e38 is finite but overflows the first product it enters.
   */
  public static void requireBounded(Path file, String tensor, float[] values, double limit) {
    for (int i = 0; i < values.length; i++) {
      if (!(Math.abs(values[i]) <= limit)) {
        throw new CorruptFileException(
            file,
            "tensor '"
                + tensor
                + "' must hold finite values of magnitude <= "
                + limit
                + ", found "
                + values[i]
                + " at index "
                + i);
      }
    }
  }

  private static CorruptFileException nonFinite(Path file, String tensor, int index, double v) {
    return new CorruptFileException(
        file, "tensor '" + tensor + "' must hold finite values, found " + v + " at index " + index);
  }

  /** Lower-case hex SHA-256 of the bytes of {@code file}, read in blocks. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    return reading(
        file,
        () -> {
          try (InputStream in = Files.newInputStream(file)) {
            byte[] block = new byte[1 << 16];
            for (int n; (n = in.read(block)) > 0; ) {
              digest.update(block, 0, n);
            }
          }
          return HexFormat.of().formatHex(digest.digest());
        });
  }

  /**
   * Text from a file made safe for a one-line error: control characters and non-ASCII escaped as
   * backslash-x NN (below 256) or backslash-u NNNN, cut after {@code max} characters.
   */
  public static String printable(String text, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length() && b.length() < max; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        b.append(c);
      } else if (c < 0x100) {
        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return b.length() >= max ? b + "..." : b.toString();
  }

  /** {@link #printable(String, int)} with a limit of 120 characters. */
  public static String printable(String text) {
    return printable(text, 120);
  }

  /** The size of {@code file}; a missing file or an I/O error is reported naming it. */
  public static long size(Path file) throws IOException {
    return reading(file, () -> Files.size(file));
  }

  /** All bytes of {@code file}, with I/O errors naming it. */
  public static byte[] readAllBytes(Path file) throws IOException {
    return reading(file, () -> Files.readAllBytes(file));
  }

  /** A read of a file that may fail with an {@link IOException}. */
  private interface Read<T> {
    T run() throws IOException;
  }

  /**
   * The result of {@code read}, a read of {@code file}: a missing file becomes a {@link
   * CorruptFileException} "no such file", any other I/O error is {@link #named} after the file.
   */
  private static <T> T reading(Path file, Read<T> read) throws IOException {
    try {
      return read.run();
    } catch (NoSuchFileException e) {
      throw new CorruptFileException(file, "no such file");
    } catch (IOException e) {
      throw named(file, "cannot read", e);
    }
  }

  /**
   * An I/O error whose message names the file, e.g. {@code "/out/zoo.json: cannot write: No space
   * left on device"}; an error that already names it is returned as it is.
   */
  public static IOException named(Path file, String action, IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains(file.toString())) {
      return e;
    }
    return new IOException(file + ": " + action + ": " + message, e);
  }
}
