package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;

/**
 * The fetcher's order of sources, verification and caching, on a small data set pinned in the test
 * and served by fake sources (no network).
 */
class DatasetFetcherTest {
  @TempDir Path tmp;
  Path origin;
  Path cache;
  List<PinnedFile> files;
  List<String> notes = new ArrayList<>();

  /** Writes a 30-image train split and a 10-image test split; pins their checksums. */
  @BeforeEach
  void makeOrigin() throws IOException {
    origin = Files.createDirectories(tmp.resolve("origin"));
    cache = tmp.resolve("cache");
    files = new ArrayList<>();
    for (Split split : Split.values()) {
      ImageDataset data = IdxTest.random(split == Split.TRAIN ? 30 : 10, split.ordinal());
      Path images = origin.resolve(split.imagesFile() + ".gz");
      Path labels = origin.resolve(split.labelsFile() + ".gz");
      Idx.writeImages(images, data);
      Idx.writeLabels(labels, data);
      files.add(
          new PinnedFile(
              split.imagesFile(), Idx.IMAGES_MAGIC, data.count(), sha(Idx.content(images))));
      files.add(
          new PinnedFile(
              split.labelsFile(), Idx.LABELS_MAGIC, data.count(), sha(Idx.content(labels))));
    }
  }

  private static String sha(byte[] b) {
    return PinnedFile.sha256(b);
  }

  /** A source that copies the origin files into the staging folder. */
  DataSource copying(String name, Path from) {
    return source(
        name,
        (wanted, staging) -> {
          Map<String, Path> out = new LinkedHashMap<>();
          for (PinnedFile f : wanted) {
            Path src =
                f.locate(from).orElseThrow(() -> new IOException(name + " lacks " + f.name()));
            out.put(f.name(), Files.copy(src, staging.resolve(src.getFileName())));
          }
          return out;
        });
  }

  static DataSource unreachable(String name) {
    return source(
        name,
        (wanted, staging) -> {
          throw new IOException("cannot connect to " + name + ": host name does not resolve");
        });
  }

  /** What a fake source does in {@link DataSource#fetch}. */
  @FunctionalInterface
  interface Fetch {
    Map<String, Path> fetch(List<PinnedFile> wanted, Path staging) throws IOException;
  }

  /** A fake source that describes itself as {@code name} and fetches with {@code fetcher}. */
  static DataSource source(String name, Fetch fetcher) {
    return new DataSource() {
      @Override
      public String describe() {
        return name;
      }

      @Override
      public Map<String, Path> fetch(List<PinnedFile> wanted, Path staging) throws IOException {
        return fetcher.fetch(wanted, staging);
      }
    };
  }

  DatasetSpec spec(DataSource... sources) {
    return new DatasetSpec("toy", files, List.of(sources));
  }

  @Test
  void skipsFailingAndWrongSourcesAndCachesVerifiedPlainFiles() throws IOException {
    // a mirror serving a modified train image file: right size, wrong checksum
    Path tampered = Files.createDirectories(tmp.resolve("tampered"));
    for (Path p : list(origin)) {
      Files.copy(p, tampered.resolve(p.getFileName()));
    }
    Path img = tampered.resolve("train-images-idx3-ubyte.gz");
    byte[] content = Idx.content(img);
    content[20] ^= 1;
    Files.delete(img);
    Files.write(tampered.resolve("train-images-idx3-ubyte"), content);

    DatasetFetcher.Result r =
        new DatasetFetcher(notes::add)
            .fetch(
                spec(
                    unreachable("mirror-a"),
                    copying("mirror-b", tampered),
                    copying("registry", origin)),
                cache,
                false);

    assertEquals("registry", r.source());
    assertEquals(List.of("mirror-a", "mirror-b"), List.copyOf(r.failedSources().keySet()));
    assertTrue(r.failedSources().get("mirror-b").contains("SHA-256 of the IDX content must be"));
    assertEquals(4, r.files().size());
    for (PinnedFile f : files) {
      Path cached = cache.resolve("toy").resolve(f.name());
      assertTrue(Files.isRegularFile(cached), cached.toString());
      assertArrayEquals(Idx.content(origin.resolve(f.name() + ".gz")), Files.readAllBytes(cached));
    }
    // nothing else is left in the cache folder: no staging folders, no temporary files
    assertEquals(4, list(cache.resolve("toy")).size());
    assertTrue(notes.contains("toy: trying mirror-a"), notes.toString());
    assertTrue(
        notes.contains(
            "toy: mirror-a failed: cannot connect to mirror-a: host name does not resolve"),
        notes.toString());
    assertTrue(notes.contains("toy: served by registry, files verified"), notes.toString());
  }

  @Test
  void aCompleteVerifiedCacheIsUsedWithoutTouchingSources() throws IOException {
    new DatasetFetcher(notes::add).fetch(spec(copying("registry", origin)), cache, false);
    DatasetFetcher.Result again =
        new DatasetFetcher(notes::add).fetch(spec(unreachable("mirror")), cache, false);
    assertEquals("cache", again.source());
    assertEquals(Map.of(), again.failedSources());
  }

  @Test
  void aCorruptCachedFileIsAnErrorNamingTheFile() throws IOException {
    new DatasetFetcher(notes::add).fetch(spec(copying("registry", origin)), cache, false);
    Path labels = cache.resolve("toy").resolve("t10k-labels-idx1-ubyte");
    byte[] b = Files.readAllBytes(labels);
    Files.write(labels, java.util.Arrays.copyOf(b, b.length - 2));

    CorruptFileException e =
        assertThrows(
            CorruptFileException.class,
            () ->
                new DatasetFetcher(notes::add)
                    .fetch(spec(copying("registry", origin)), cache, false));
    assertTrue(e.getMessage().startsWith(labels + ": truncated"), e.getMessage());
  }

  @Test
  void forceReplacesACorruptCachedFile() throws IOException {
    new DatasetFetcher(notes::add).fetch(spec(copying("registry", origin)), cache, false);
    Path labels = cache.resolve("toy").resolve("t10k-labels-idx1-ubyte");
    Files.write(labels, new byte[] {1, 2, 3});

    DatasetFetcher.Result r =
        new DatasetFetcher(notes::add).fetch(spec(copying("registry", origin)), cache, true);
    assertEquals("registry", r.source());
    assertArrayEquals(
        Idx.content(origin.resolve("t10k-labels-idx1-ubyte.gz")), Files.readAllBytes(labels));
  }

  @Test
  void whenEverySourceFailsTheErrorListsEachAttempt() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                new DatasetFetcher(notes::add)
                    .fetch(spec(unreachable("a"), unreachable("b")), cache, false));
    assertEquals(
        "could not fetch toy from any source: a: cannot connect to a: host name does not resolve;"
            + " b: cannot connect to b: host name does not resolve",
        e.getMessage());
    assertFalse(Files.exists(cache.resolve("toy").resolve("train-images-idx3-ubyte")));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
