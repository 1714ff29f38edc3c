package org.replearn.core.data;

/** The two splits of MNIST and Fashion-MNIST, with the file-name prefix IDX files use. */
public enum Split {
  /** 60,000 training images: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}. */
  TRAIN("train", 60_000),
  /** 10,000 test images: {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}. */
  TEST("t10k", 10_000);

  private final String filePrefix;
  private final int count;

  Split(String filePrefix, int count) {
    this.filePrefix = filePrefix;
    this.count = count;
  }

  /** Name of the image file, e.g. {@code train-images-idx3-ubyte}. */
  public String imagesFile() {
    return filePrefix + "-images-idx3-ubyte";
  }

  /** Name of the label file, e.g. {@code train-labels-idx1-ubyte}. */
  public String labelsFile() {
    return filePrefix + "-labels-idx1-ubyte";
  }

  /** Number of images in the full split of MNIST or Fashion-MNIST. */
  public int count() {
    return count;
  }

  /** Lower-case name, {@code train} or {@code test}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
