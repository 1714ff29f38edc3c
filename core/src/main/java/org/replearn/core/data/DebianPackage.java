package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * IDX files shipped inside a Debian package, fetched with {@code apt-get download} and unpacked
 * with {@code dpkg -x} (neither needs root). The package {@code dataset-fashion-mnist} holds the
 * gzip-compressed Fashion-MNIST files in {@code usr/share/datasets/fashion-mnist/}.
 *
 * @param name package name, e.g. {@code dataset-fashion-mnist}
 * @param folder folder inside the package that holds the IDX files
 */
public record DebianPackage(String name, String folder) implements DataSource {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  @Override
  public String describe() {
    return "Debian package " + name;
  }

  @Override
  public Map<String, Path> fetch(List<PinnedFile> files, Path staging) throws IOException {
    ExternalCommand.run(staging, TIMEOUT, "apt-get", "download", name);
    Path deb = ExternalCommand.single(staging, ".deb");
    Path unpacked = Files.createDirectory(staging.resolve("unpacked"));
    ExternalCommand.run(staging, TIMEOUT, "dpkg", "-x", deb.toString(), unpacked.toString());
    return PackageFolder.locate(unpacked.resolve(folder), files, describe());
  }
}
