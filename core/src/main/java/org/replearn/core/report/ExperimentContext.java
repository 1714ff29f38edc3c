package org.replearn.core.report;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.Datasets;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.Seeds;

/**
 * What an experiment gets from {@code reproduce}.
 *
 * @param scale smoke, small, medium or paper
 * @param seeds the experiment's own seed (already split from the run seed by experiment id)
 * @param device compute device
 * @param workDir the experiment's own folder for checkpoints and artefacts (resumable runs keep
 *     their state here)
 * @param dataDir the data cache (IDX files); at {@link Scale#SMOKE} experiments use the committed
 *     fixtures instead
 */
public record ExperimentContext(
    Scale scale, Seeds seeds, Device device, Path workDir, Path dataDir) {

  /**
   * The images of one split at this scale: the committed fixture ({@link Datasets#FIXTURE_TRAIN}
   * training or {@link Datasets#FIXTURE_TEST} test images) at {@link Scale#SMOKE}, the full data
   * set from {@link #dataDir} at every other scale.
   *
   * @throws IOException when the full data set cannot be read from the cache
   */
  public ImageDataset images(DatasetName name, Split split) throws IOException {
    return scale == Scale.SMOKE
        ? Datasets.fixture(name, split)
        : Datasets.load(name, split, dataDir);
  }
}
