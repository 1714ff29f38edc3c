package org.replearn.riem.model;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.replearn.core.CorruptFileException;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.engine.Seeds;

/**
 * Trained reference models kept on disk so repeated runs reuse them. A model is stored as float32
 * safetensors under a name that holds everything its training depends on: {@code
 * <arch>-<data>-n<images>-e<epochs>-b<batch>-lr<lr>-s<seed>-r<recipe>.safetensors}, where {@code
 * recipe} is {@link #RECIPE_VERSION}. Files are written atomically; a file that cannot be read is
 * treated as missing and replaced.
 */
public final class ReferenceCache {
  /**
   * Version of the training code's behaviour: bump it whenever a change to the trainer or to a
   * model definition changes what a trained file holds, so caches written by older code are not
   * reused (2: batch-norm statistics recomputed with the final weights after training).
   */
  public static final int RECIPE_VERSION = 2;

  private final Path dir;

  /** A cache in {@code dir} (created on first write). */
  public ReferenceCache(Path dir) {
    this.dir = dir;
  }

  /** The file of one training configuration. */
  public Path file(
      ReferenceArch arch, String dataName, int images, ReferenceTrainer.Settings s, Seeds seeds) {
    String name =
        String.format(
            Locale.ROOT,
            "%s-%s-n%d-e%d-b%d-lr%s-s%d-r%d.safetensors",
            arch.id(),
            dataName,
            images,
            s.epochs(),
            s.batchSize(),
            Double.toString(s.learningRate()),
            seeds.seed(),
            RECIPE_VERSION);
    return dir.resolve(name);
  }

  /**
   * The cached model for this configuration, or a freshly trained one (then cached).
   *
   * @param dataName identifies the training images together with {@code data.count()}
   */
  public Map<String, Tensor> trainOrLoad(
      ReferenceArch arch,
      String dataName,
      ImageDataset data,
      ReferenceTrainer.Settings settings,
      Seeds seeds,
      Device device)
      throws IOException {
    Path file = file(arch, dataName, data.count(), settings, seeds);
    if (Files.isRegularFile(file)) {
      try {
        return Tensor.readAll(file);
      } catch (CorruptFileException e) {
        // fall through: retrain and overwrite
      }
    }
    Map<String, Tensor> state = ReferenceTrainer.train(arch, data, settings, seeds, device);
    Files.createDirectories(dir);
    Tensor.writeAll(file, state);
    return state;
  }
}
