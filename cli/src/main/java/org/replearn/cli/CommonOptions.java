package org.replearn.cli;

import ai.djl.Device;
import java.nio.file.Path;
import org.replearn.core.engine.Devices;
import org.replearn.core.engine.Seeds;
import picocli.CommandLine.Option;

/**
 * Options every leaf command takes: {@code --seed}, {@code --out}, {@code --json}, {@code
 * --device}.
 */
public final class CommonOptions {

  @Option(
      names = "--seed",
      description = "Seed for everything random (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  public long seed;

  @Option(
      names = "--out",
      description =
          "Output folder (default: a folder named after the command in the current directory).")
  public Path out;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  public boolean json;

  @Option(
      names = "--device",
      description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}: the GPU if present).",
      defaultValue = "auto")
  public String device;

  /** The seed as a {@link Seeds}. */
  public Seeds seeds() {
    return new Seeds(seed);
  }

  /** The selected device. */
  public Device device() {
    return Devices.select(device);
  }

  /** {@code --out}, or {@code fallback} under the working directory when not given. */
  public Path outOr(String fallback) {
    return out != null ? out : Path.of(fallback);
  }
}
