package org.replearn.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.RunManifest;

/**
 * The rules for claiming an output folder for one run of a command:
 *
 * <ol>
 *   <li>the folder is locked for the run's lifetime ({@link RunLock}); a folder another run holds
 *       is refused, naming that run;
 *   <li>a folder whose outputs belong to another command (its {@code manifest.json}, or else its
 *       lock file's last holder, names the command) is refused, whatever the caller asks; a folder
 *       that holds nothing but the lock file holds no run;
 *   <li>a folder that already holds a run of the same command, finished or not, is continued only
 *       when asked to ({@link Reuse#RESUME}), and then only with the settings that run stored:
 *       every compared setting must equal the stored one, and all differences are named; it is
 *       emptied and started afresh only when asked to ({@link Reuse#REPLACE}); otherwise it is
 *       refused.
 * </ol>
 */
public final class RunFolder {

  /** What the caller wants done with a folder that holds a previous run of its command. */
  public enum Reuse {
    /** Refuse it (the default: a finished or partial run is never overwritten silently). */
    REFUSE,
    /** Continue it, with the settings it stored. */
    RESUME,
    /** Delete its contents and start afresh. */
    REPLACE,
    /**
     * Write over it (for one-shot commands that rewrite all their outputs on every run); the folder
     * is still locked and another command's folder still refused.
     */
    OVERWRITE
  }

  /**
   * How the caller names things in errors (the library knows no option names).
   *
   * @param folder the input that chose the folder, e.g. {@code "--out"}
   * @param resume what asks for {@link Reuse#RESUME}, e.g. {@code "--resume"}
   * @param replace what asks for {@link Reuse#REPLACE}, e.g. {@code "--force"}
   */
  public record Names(String folder, String resume, String replace) {}

  private RunFolder() {}

  /**
   * Claims {@code dir} for a run of {@code command}.
   *
   * @param settings every setting of this run, recorded in the lock file
   * @param compared the settings that must equal the stored ones when resuming (a subset of {@code
   *     settings}: those the caller gave explicitly, or all that determine the result)
   * @return the lock, to be closed when the run ends
   * @throws InvalidInputException when a rule above refuses the folder
   */
  public static RunLock claim(
      Path dir,
      Names names,
      String command,
      Map<String, String> settings,
      Map<String, String> compared,
      Reuse reuse)
      throws IOException {
    RunLock lock = RunLock.acquire(dir, names.folder());
    try {
      RunHolder previous = lock.previous();
      boolean finished = Files.isRegularFile(dir.resolve(RunManifest.FILE_NAME));
      String owner = finished ? manifestCommand(dir, names) : null;
      if (owner == null && previous != null && holdsOutputs(dir)) {
        owner = previous.command();
      }
      Map<String, String> recorded = new LinkedHashMap<>(settings);
      if (owner != null && !owner.equals(command)) {
        throw InvalidInputException.of(
            names.folder() + " " + dir,
            "must not hold another command's outputs (use another folder)",
            "outputs of '"
                + owner
                + "' ("
                + (finished ? RunManifest.FILE_NAME : RunLock.FILE_NAME)
                + ")");
      }
      if (owner != null) {
        switch (reuse) {
          case REFUSE ->
              throw InvalidInputException.of(
                  names.folder() + " " + dir,
                  "must not hold a previous run of '"
                      + command
                      + "' ("
                      + names.resume()
                      + " continues it, "
                      + names.replace()
                      + " replaces it)",
                  (finished ? "a finished run" : "an unfinished run")
                      + (previous != null ? " started " + previous.startedAt() : ""));
          case RESUME -> {
            if (previous != null) {
              requireSameSettings(names, previous.settings(), compared);
              recorded = new LinkedHashMap<>(previous.settings());
              recorded.putAll(compared);
              for (Map.Entry<String, String> e : settings.entrySet()) {
                recorded.putIfAbsent(e.getKey(), e.getValue());
              }
            }
          }
          case REPLACE -> clear(dir);
          case OVERWRITE -> {}
        }
      }
      lock.record(
          new RunHolder(
              ProcessHandle.current().pid(), command, Instant.now().toString(), recorded));
      return lock;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static void requireSameSettings(
      Names names, Map<String, String> stored, Map<String, String> given) {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String before = stored.get(e.getKey());
      if (before != null && !Objects.equals(before, e.getValue())) {
        differences.add(e.getKey() + " " + e.getValue() + " (stored: " + before + ")");
      }
    }
    InvalidInputException.require(
        differences.isEmpty(),
        names.resume(),
        "must keep the settings the run stored",
        String.join(", ", differences));
  }

  private static String manifestCommand(Path dir, Names names) {
    try {
      return RunManifest.read(dir).command();
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          names.folder()
              + " "
              + dir
              + " must hold a readable "
              + RunManifest.FILE_NAME
              + ", found "
              + e.getMessage().lines().findFirst().orElse("an unreadable file"),
          e);
    }
  }

  /**
   * Whether {@code dir} holds anything besides the lock file (a run that wrote nothing is none).
   */
  private static boolean holdsOutputs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE_NAME));
    }
  }

  /** Deletes everything in {@code dir} except the lock file. */
  private static void clear(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(p -> !p.equals(dir)).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      if (!p.equals(dir.resolve(RunLock.FILE_NAME))) {
        Files.delete(p);
      }
    }
  }
}
