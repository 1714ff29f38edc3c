package org.replearn.cli;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.replearn.core.engine.Devices;
import org.replearn.core.engine.Seeds;
import org.replearn.core.io.RunManifest;
import picocli.CommandLine.Mixin;
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

  @Mixin JsonOption output;

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

  /**
   * Ends a run that wrote its files to {@code dir}: writes {@code dir/manifest.json} for {@code
   * command} (e.g. {@code "compress model"}) with {@code config}, this seed, the selected device
   * and the wall time since {@code startNanos} (a {@link System#nanoTime} reading), then prints
   * {@code result} (one JSON object with {@code --json}).
   */
  public void writeManifestAndPrint(
      Path dir, String command, Map<String, ?> config, long startNanos, Object result)
      throws IOException {
    Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
    RunManifest.write(dir, command, config, seed, device().toString(), wall);
    print(result);
  }

  /** Prints {@code result} (an ordered map or a record) as {@link Output#print} does. */
  public void print(Object result) {
    output.print(result);
  }
}
