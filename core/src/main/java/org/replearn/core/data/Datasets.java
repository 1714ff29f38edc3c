package org.replearn.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST and Fashion-MNIST: the full splits from the cache (fetched when missing) and small
 * committed fixtures for tests and smoke-scale experiments.
 */
public final class Datasets {
  private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);

  /** Images in each training fixture: the first 500 of the training split. */
  public static final int FIXTURE_TRAIN = 500;

  /** Images in each test fixture: the first 200 of the test split. */
  public static final int FIXTURE_TEST = 200;

  /** Class-path folder of the fixtures, relative to this class: {@code fixtures/<id>/<file>.gz}. */
  static final String FIXTURE_FOLDER = "fixtures";

  private Datasets() {}

  /**
   * One full split, read from {@code <cacheDir>/<id>/} and fetched first if a file is missing (the
   * fetch steps are logged at warn level). The files are verified against their pinned checksums on
   * every load (about 0.05-0.1 s for the MNIST training split in a warm JVM).
   *
   * @return e.g. {@code mnist/train}: 60,000 images of 28x28
   * @throws org.replearn.core.CorruptFileException if a cached file is corrupt
   * @throws IOException if a missing file cannot be fetched
   */
  public static ImageDataset load(DatasetName name, Split split, Path cacheDir) throws IOException {
    Path dir = cacheDir.resolve(name.id());
    PinnedFile images = name.images(split);
    PinnedFile labels = name.labels(split);
    if (images.locate(dir).isEmpty() || labels.locate(dir).isEmpty()) {
      // a fetch in the middle of other work is worth seeing: warn level reaches the CLI's stderr
      new DatasetFetcher(LOG::warn).fetch(name.spec(), cacheDir, false);
    }
    Path imagesPath = images.locate(dir).orElseThrow();
    Path labelsPath = labels.locate(dir).orElseThrow();
    return Idx.parse(
        name.id() + "/" + split.id(),
        imagesPath,
        images.verify(imagesPath),
        labelsPath,
        labels.verify(labelsPath));
  }

  /**
   * The committed fixture of one split: the first {@link #FIXTURE_TRAIN} training or {@link
   * #FIXTURE_TEST} test images of the real data set, readable without network or cache.
   *
   * @return e.g. {@code mnist/train-fixture}: 500 images of 28x28
   */
  public static ImageDataset fixture(DatasetName name, Split split) {
    String folder = FIXTURE_FOLDER + "/" + name.id() + "/";
    String imagesResource = folder + split.imagesFile() + ".gz";
    String labelsResource = folder + split.labelsFile() + ".gz";
    return Idx.parse(
        name.id() + "/" + split.id() + "-fixture",
        Path.of(imagesResource),
        resource(imagesResource),
        Path.of(labelsResource),
        resource(labelsResource));
  }

  /**
   * Writes the fixture of one split: the first {@link #FIXTURE_TRAIN} or {@link #FIXTURE_TEST}
   * images of {@code full}, gzip-compressed, as {@code <dir>/<id>/<file>.gz} (the layout {@link
   * #fixture} reads from {@code src/main/resources/org/replearn/core/data/fixtures}).
   *
   * @return the image and label files written
   */
  public static Path[] writeFixture(DatasetName name, Split split, ImageDataset full, Path dir)
      throws IOException {
    ImageDataset head = full.head(split == Split.TRAIN ? FIXTURE_TRAIN : FIXTURE_TEST);
    Path images = dir.resolve(name.id()).resolve(split.imagesFile() + ".gz");
    Path labels = dir.resolve(name.id()).resolve(split.labelsFile() + ".gz");
    Idx.writeImages(images, head);
    Idx.writeLabels(labels, head);
    return new Path[] {images, labels};
  }

  private static byte[] resource(String name) {
    try (InputStream in = Datasets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + name + " is missing from the class path");
      }
      return Idx.gunzip(Path.of(name), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
