package org.replearn.core.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.replearn.core.InvalidInputException;

/**
 * A folder written whole or not at all: the contents go into a hidden sibling ({@code
 * .<name>.partial-<pid>}) that is renamed to the target when complete, so a failed or killed writer
 * never leaves a folder under the target's name that a reader could take for complete, and two
 * writers cannot mix their files (the second rename fails). For one-shot outputs such as imports
 * and exports; resumable runs use {@link RunFolder} instead.
 */
public final class StagedFolder {
  private static final String PARTIAL = ".partial-";

  /** Writes into a folder. */
  @FunctionalInterface
  public interface Writer<T> {
    /** Fills {@code dir} (empty, already created) and returns a result. */
    T write(Path dir) throws IOException;
  }

  private StagedFolder() {}

  /**
   * Writes {@code target} through {@code writer}.
   *
   * @param input how the caller names the target in errors, e.g. the option that chose it
   * @throws InvalidInputException when the target exists and is not empty, or appears meanwhile
   */
  public static <T> T write(Path target, String input, Writer<T> writer) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    requireAbsentOrEmpty(abs, input);
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    removeAbandoned(parent, abs.getFileName().toString());
    Path stage = parent.resolve("." + abs.getFileName() + PARTIAL + ProcessHandle.current().pid());
    deleteTree(stage);
    Files.createDirectory(stage);
    T result;
    try {
      result = writer.write(stage);
      requireAbsentOrEmpty(abs, input);
      Files.deleteIfExists(abs); // an empty folder: rename does not replace one portably
      Files.move(stage, abs, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      deleteTree(stage);
      throw InvalidInputException.of(
          input, target + " must not be created by another run meanwhile", "it", e);
    } catch (IOException | RuntimeException | Error e) {
      deleteTree(stage);
      throw e;
    }
    return result;
  }

  private static void requireAbsentOrEmpty(Path dir, String input) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    } catch (java.nio.file.NotDirectoryException e) {
      throw InvalidInputException.of(input, dir + " must be a folder", "a file");
    }
    InvalidInputException.require(
        empty,
        input,
        dir + " must not exist or be empty (it is written whole or not at all)",
        "a folder that holds files");
  }

  /** Deletes partial folders of this target left by processes that no longer run. */
  private static void removeAbandoned(Path parent, String name) throws IOException {
    String prefix = "." + name + PARTIAL;
    List<Path> abandoned;
    try (Stream<Path> s = Files.list(parent)) {
      abandoned =
          s.filter(p -> p.getFileName().toString().startsWith(prefix))
              .filter(p -> !alive(p.getFileName().toString().substring(prefix.length())))
              .toList();
    }
    for (Path p : abandoned) {
      deleteTree(p);
    }
  }

  private static boolean alive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true; // not ours: leave it
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
