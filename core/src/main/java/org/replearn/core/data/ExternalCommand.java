package org.replearn.core.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a program (npm, apt-get, dpkg, tar) in a folder and fails with its last output lines. */
final class ExternalCommand {
  private static final int TAIL_LINES = 3;

  private ExternalCommand() {}

  /**
   * Runs {@code command} in {@code dir}, its output going to a log file there.
   *
   * @throws IOException if the program is missing, exits non-zero or runs past {@code timeout}
   */
  static void run(Path dir, Duration timeout, String... command) throws IOException {
    String shown = "`" + String.join(" ", command) + "`";
    Path log = Files.createTempFile(dir, "command-", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException(shown + " did not finish within " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running " + shown);
    }
    if (process.exitValue() != 0) {
      throw new IOException(shown + " exited with code " + process.exitValue() + ": " + tail(log));
    }
  }

  /**
   * The only file in {@code dir} whose name ends in {@code suffix} (what {@code npm pack} or {@code
   * apt-get download} just wrote).
   */
  static Path single(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).toList();
      if (found.size() != 1) {
        throw new IOException(
            "expected one *" + suffix + " file in " + dir + ", found " + found.size());
      }
      return found.get(0);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines =
        Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }
}
