package org.replearn.multiview.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.replearn.core.EnumIds;
import org.replearn.core.IdEnum;
import org.replearn.core.InvalidInputException;
import org.replearn.core.data.DatasetName;

/** The data sets a multi-view run trains on: two image sets and a synthetic set of vectors. */
public enum MultiViewDataset implements IdEnum {
  /** MNIST images, augmented into views ({@link Augmentation}). */
  MNIST(DatasetName.MNIST),
  /** Fashion-MNIST images, augmented into views. */
  FASHION_MNIST(DatasetName.FASHION_MNIST),
  /** Vectors whose views share a class signal and differ by a nuisance ({@link SyntheticViews}). */
  SYNTHETIC(null);

  private final DatasetName images;

  MultiViewDataset(DatasetName images) {
    this.images = images;
  }

  /** The image data set behind this one, or null for {@link #SYNTHETIC}. */
  public DatasetName images() {
    return images;
  }

  /**
   * The {@link #id()}: results, tables and file names print the data set as the command line names
   * it.
   */
  @Override
  public String toString() {
    return id();
  }

  /**
   * The data set with {@link #id()} {@code id}, in any case.
   *
   * @throws InvalidInputException naming the allowed ids for any other
   */
  @JsonCreator
  public static MultiViewDataset parse(String id) {
    return EnumIds.parse(MultiViewDataset.class, "dataset", id);
  }
}
