package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.AtomicFiles;

/**
 * Fetches a data set into {@code <cacheDir>/<id>/} as plain IDX files.
 *
 * <p>Files already cached are verified first (magic, count, SHA-256); a corrupt cached file is an
 * error unless {@code force} is set, so a damaged cache is never used or silently replaced. Missing
 * files are fetched from the sources in order; each source's files are verified in a scratch folder
 * (under the system's temporary folder) before any is written (atomically) into the cache, and a
 * source that fails or serves wrong files is skipped for the next. Every step is reported to the
 * {@code notes} callback.
 */
public final class DatasetFetcher {
  private final Consumer<String> notes;

  /**
   * @param notes receives one line per step: what was tried and why it failed
   */
  public DatasetFetcher(Consumer<String> notes) {
    this.notes = notes;
  }

  /**
   * One verified file in the cache.
   *
   * @param name canonical name
   * @param path where it lies
   * @param count number of images or labels
   * @param sha256 checksum of its IDX content, equal to the pinned one
   */
  public record CachedFile(String name, Path path, int count, String sha256) {}

  /**
   * What a fetch did.
   *
   * @param dataset the data set's id
   * @param dir the cache folder holding its files
   * @param source {@code "cache"} if every file was already there, else the source that served them
   * @param files the verified files
   * @param failedSources each source tried before, with why it failed
   */
  public record Result(
      String dataset,
      Path dir,
      String source,
      List<CachedFile> files,
      Map<String, String> failedSources) {}

  /**
   * Makes sure every file of {@code spec} lies verified in {@code <cacheDir>/<id>/}.
   *
   * @param force fetch again even if cached files exist, replacing them (also corrupt ones)
   * @throws CorruptFileException if a cached file is corrupt and {@code force} is not set
   * @throws IOException if no source could serve verified files; the message lists every attempt
   */
  public Result fetch(DatasetSpec spec, Path cacheDir, boolean force) throws IOException {
    Path dir = cacheDir.resolve(spec.id());
    if (!force) {
      List<CachedFile> cached = verifiedCache(spec, dir);
      if (cached.size() == spec.files().size()) {
        notes.accept(spec.id() + ": all " + cached.size() + " files verified in " + dir);
        return new Result(spec.id(), dir, "cache", cached, Map.of());
      }
      notes.accept(
          spec.id()
              + ": "
              + (spec.files().size() - cached.size())
              + " of "
              + spec.files().size()
              + " files missing in "
              + dir);
    }
    Files.createDirectories(dir);
    Map<String, String> failures = new LinkedHashMap<>();
    for (DataSource source : spec.sources()) {
      notes.accept(spec.id() + ": trying " + source.describe());
      Path staging = Files.createTempDirectory("replearn-fetch-");
      try {
        List<CachedFile> files = fetchFrom(source, spec, staging, dir);
        notes.accept(spec.id() + ": served by " + source.describe() + ", files verified");
        return new Result(spec.id(), dir, source.describe(), files, failures);
      } catch (IOException | CorruptFileException e) {
        String reason = reason(e);
        notes.accept(spec.id() + ": " + source.describe() + " failed: " + reason);
        failures.put(source.describe(), reason);
      } finally {
        deleteRecursively(staging);
      }
    }
    throw new IOException(
        "could not fetch "
            + spec.id()
            + " from any source: "
            + String.join("; ", failureLines(failures)));
  }

  /** The cached files that verify; throws on a corrupt one. */
  private static List<CachedFile> verifiedCache(DatasetSpec spec, Path dir) throws IOException {
    List<CachedFile> cached = new ArrayList<>();
    for (PinnedFile file : spec.files()) {
      Path path = file.locate(dir).orElse(null);
      if (path != null) {
        file.verify(path);
        cached.add(new CachedFile(file.name(), path, file.count(), file.sha256()));
      }
    }
    return cached;
  }

  /** Fetches from one source, verifies every file, then moves them into the cache. */
  private List<CachedFile> fetchFrom(DataSource source, DatasetSpec spec, Path staging, Path dir)
      throws IOException {
    Map<String, Path> fetched = source.fetch(spec.files(), staging);
    Map<PinnedFile, byte[]> contents = new LinkedHashMap<>();
    for (PinnedFile file : spec.files()) {
      Path path = fetched.get(file.name());
      if (path == null) {
        throw new IOException(source.describe() + " did not deliver " + file.name());
      }
      contents.put(file, file.verify(path));
    }
    List<CachedFile> files = new ArrayList<>();
    for (Map.Entry<PinnedFile, byte[]> e : contents.entrySet()) {
      PinnedFile file = e.getKey();
      Path target = dir.resolve(file.name());
      AtomicFiles.write(target, e.getValue());
      Files.deleteIfExists(dir.resolve(file.name() + ".gz"));
      files.add(new CachedFile(file.name(), target, file.count(), file.sha256()));
    }
    return files;
  }

  private static List<String> failureLines(Map<String, String> failures) {
    return failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
  }

  /** The message of {@code e}, or its class name when it has none. */
  private static String reason(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
