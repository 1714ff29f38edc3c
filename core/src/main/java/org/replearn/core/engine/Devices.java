package org.replearn.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.replearn.core.InvalidInputException;

/**
 * Chooses the compute device from a user setting: {@code auto} (GPU if present), {@code cpu},
 * {@code gpu}.
 */
public final class Devices {
  private Devices() {}

  /**
   * @param setting {@code auto}, {@code cpu} or {@code gpu} (case-insensitive)
   * @return the device; {@code gpu} without a GPU is an input error
   */
  public static Device select(String setting) {
    String s = setting == null ? "auto" : setting.toLowerCase(Locale.ROOT);
    int gpus = Engine.getInstance().getGpuCount();
    return switch (s) {
      case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw InvalidInputException.of(
              "device", "gpu needs a CUDA build of PyTorch and a GPU", "0 GPUs");
        }
        yield Device.gpu();
      }
      default -> throw InvalidInputException.of("device", "must be auto, cpu or gpu", setting);
    };
  }
}
