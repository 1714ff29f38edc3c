package org.replearn.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.replearn.core.InvalidInputException;

/**
 * The rule every fuzz test of a file reader enforces: reading any bytes either succeeds or throws
 * {@link InvalidInputException} (or its subclass {@code CorruptFileException}) whose message names
 * the file; any other exception or error (an {@code OutOfMemoryError} included, under the fuzzing
 * JVM's heap bound) is a finding.
 */
public final class ReaderContract {
  private ReaderContract() {}

  /** A read of a file that may throw anything. */
  @FunctionalInterface
  public interface Read {
    void run() throws Exception;
  }

  /**
   * Runs {@code read}; passes on success or on a bad-input exception naming {@code file}.
   *
   * @throws AssertionError if the exception does not name the file
   * @throws Exception whatever else {@code read} throws (a finding)
   */
  public static void check(Path file, Read read) throws Exception {
    try {
      read.run();
    } catch (InvalidInputException e) {
      String message = String.valueOf(e.getMessage());
      if (!message.contains(file.toString()) && !message.contains(file.getFileName().toString())) {
        throw new AssertionError("error does not name " + file + ": " + message, e);
      }
      if (message.contains("\n")) {
        throw new AssertionError("error spans several lines: " + message, e);
      }
    }
  }

  /** Writes {@code bytes} to {@code file}, replacing it. */
  public static Path write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    Files.write(tmp, bytes);
    return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }
}
