package org.replearn.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.replearn.core.engine.EngineInfo;

/**
 * The provenance file {@code manifest.json} written into every output folder: command, full config,
 * seed, git revision, replearn/DJL/PyTorch versions, device, wall time.
 *
 * @param command e.g. {@code "zoo generate"}
 * @param config every setting of the run
 * @param seed the run seed
 * @param gitRevision {@code git rev-parse HEAD} of the working directory, or {@code "unknown"}
 * @param versions replearn, DJL and engine versions
 * @param device the device the run used
 * @param wallSeconds wall time of the run
 * @param finishedAt ISO-8601 instant
 */
public record RunManifest(
    String command,
    Map<String, Object> config,
    long seed,
    String gitRevision,
    Map<String, String> versions,
    String device,
    double wallSeconds,
    String finishedAt) {

  /** File name inside the output folder. */
  public static final String FILE_NAME = "manifest.json";

  /**
   * Builds the manifest for a finished run and writes it atomically to {@code dir/manifest.json}.
   */
  public static RunManifest write(
      Path dir, String command, Map<String, ?> config, long seed, String device, Duration wall)
      throws IOException {
    RunManifest m =
        new RunManifest(
            command,
            new LinkedHashMap<>(config),
            seed,
            currentGitRevision(),
            EngineInfo.current().asMap(),
            device,
            wall.toMillis() / 1000.0,
            Instant.now().toString());
    Json.write(dir.resolve(FILE_NAME), m);
    return m;
  }

  /** Reads a manifest back. */
  public static RunManifest read(Path dir) throws IOException {
    return JsonFile.bind(dir.resolve(FILE_NAME), RunManifest.class);
  }

  /** The git revision of the current directory, or "unknown" outside a checkout. */
  static String currentGitRevision() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        return out;
      }
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
