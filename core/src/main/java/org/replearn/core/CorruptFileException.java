package org.replearn.core;

import java.nio.file.Path;

/**
 * A file that exists but cannot be read as what it claims to be: truncated, wrong magic, bad
 * header.
 */
public class CorruptFileException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param file the file at fault
   * @param problem what is wrong with it, e.g. {@code "truncated: header says 47040000 bytes, found
   *     1200"}
   */
  public CorruptFileException(Path file, String problem) {
    super(file + ": " + problem);
  }

  /** Same, keeping the low-level cause for {@code --debug}. */
  public CorruptFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
