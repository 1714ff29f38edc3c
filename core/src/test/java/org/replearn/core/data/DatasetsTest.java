package org.replearn.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;

class DatasetsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(DatasetName.class)
  void fixturesHoldRealImagesWithEveryClass(DatasetName name) {
    for (Split split : Split.values()) {
      ImageDataset d = Datasets.fixture(name, split);
      int expected = split == Split.TRAIN ? Datasets.FIXTURE_TRAIN : Datasets.FIXTURE_TEST;
      assertEquals(expected, d.count());
      assertEquals(28, d.rows());
      assertEquals(28, d.cols());
      assertEquals(name.id() + "/" + split.id() + "-fixture", d.name());
      int[] perClass = new int[10];
      for (int label : d.labels()) {
        perClass[label]++; // throws if a label is outside 0..9
      }
      // the first images of both data sets hold every class (at least 10 of each in 200)
      assertEquals(
          10, Arrays.stream(perClass).filter(c -> c >= 10).count(), Arrays.toString(perClass));
      // real images: mostly background with some saturated ink, not noise
      int zeros = 0;
      for (byte p : d.pixels()) {
        zeros += p == 0 ? 1 : 0;
      }
      double zeroFraction = zeros / (double) d.pixels().length;
      assertEquals(name == DatasetName.MNIST ? 0.81 : 0.50, zeroFraction, 0.1, name + " " + split);
    }
  }

  @Test
  void fixtureLabelsAreTheFirstLabelsOfTheRealFiles() {
    // the first ten training labels of MNIST (5 0 4 1 9 2 1 3 1 4) and Fashion-MNIST
    // (9 0 0 3 0 2 7 2 5 5), as printed by every MNIST tutorial and Zalando's README figure
    assertArrayEquals(
        new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4},
        Arrays.copyOf(Datasets.fixture(DatasetName.MNIST, Split.TRAIN).labels(), 10));
    assertArrayEquals(
        new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5},
        Arrays.copyOf(Datasets.fixture(DatasetName.FASHION_MNIST, Split.TRAIN).labels(), 10));
    // first MNIST test labels: 7 2 1 0 4 1 4 9 5 9
    assertArrayEquals(
        new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9},
        Arrays.copyOf(Datasets.fixture(DatasetName.MNIST, Split.TEST).labels(), 10));
  }

  @ParameterizedTest
  @EnumSource(DatasetName.class)
  void fixturesAreTheHeadOfTheCachedFullSplits(DatasetName name) throws IOException {
    Path dir = DataCache.defaultDir().resolve(name.id());
    assumeTrue(
        name.images(Split.TRAIN).locate(dir).isPresent(), "no " + name.id() + " in the cache");
    for (Split split : Split.values()) {
      ImageDataset full = Datasets.load(name, split, DataCache.defaultDir());
      assertEquals(split.count(), full.count());
      ImageDataset fixture = Datasets.fixture(name, split);
      ImageDataset head = full.head(fixture.count());
      assertArrayEquals(head.pixels(), fixture.pixels());
      assertArrayEquals(head.labels(), fixture.labels());
    }
  }

  @Test
  void writeFixtureThenReadGivesTheHead() throws IOException {
    ImageDataset data = IdxTest.random(600, 4);
    Path[] written = Datasets.writeFixture(DatasetName.MNIST, Split.TRAIN, data, tmp);
    assertEquals(tmp.resolve("mnist").resolve("train-images-idx3-ubyte.gz"), written[0]);
    ImageDataset back = Idx.read("back", written[0], written[1]);
    assertEquals(Datasets.FIXTURE_TRAIN, back.count());
    assertArrayEquals(data.head(Datasets.FIXTURE_TRAIN).pixels(), back.pixels());
  }

  @Test
  void loadRejectsACorruptCachedFile() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mnist"));
    // a well-formed test split that is not MNIST: the checksum catches it
    ImageDataset fake = IdxTest.random(10, 5);
    Idx.writeImages(dir.resolve("t10k-images-idx3-ubyte"), fake);
    Idx.writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), fake);
    CorruptFileException e =
        assertThrows(
            CorruptFileException.class, () -> Datasets.load(DatasetName.MNIST, Split.TEST, tmp));
    assertEquals(
        dir.resolve("t10k-images-idx3-ubyte") + ": must hold 10000 images, found 10 images",
        e.getMessage());
  }

  @Test
  void datasetNamesParseFromTheirIds() {
    assertEquals(DatasetName.FASHION_MNIST, DatasetName.parse("fashion-mnist"));
    assertEquals(DatasetName.MNIST, DatasetName.parse("mnist"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DatasetName.parse("cifar10"));
    assertEquals("dataset must be one of [mnist, fashion-mnist], found cifar10", e.getMessage());
  }
}
