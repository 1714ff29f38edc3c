package org.replearn.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkFiles;
import org.replearn.weightspace.zoo.ZooStore;

/**
 * Copies of zoos on an executor's local disk: each zoo is copied once per executor JVM (its spec,
 * index and shards) into the executor's own work folder ({@link SparkFiles#getRootDirectory}, which
 * Spark deletes with the application), {@code replearn-zoos/<hash of the URI>}, and reused by every
 * task of that executor. The copy goes to a temporary folder that is renamed when complete.
 */
final class LocalZoos {
  private LocalZoos() {}

  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  /** The local copy of {@code zoo}, made on first use. */
  static Path of(ClusterFolder zoo) throws IOException {
    Path known = COPIES.get(zoo.uri());
    if (known != null) {
      return known;
    }
    synchronized (COPIES) {
      known = COPIES.get(zoo.uri());
      if (known == null) {
        known = copy(zoo);
        COPIES.put(zoo.uri(), known);
      }
      return known;
    }
  }

  private static Path copy(ClusterFolder zoo) throws IOException {
    Path root = Path.of(SparkFiles.getRootDirectory(), "replearn-zoos");
    Files.createDirectories(root);
    Path target = root.resolve(hash(zoo.uri()));
    Path tmp = Files.createTempDirectory(root, "copy-");
    FileSystem fs = zoo.fileSystem();
    org.apache.hadoop.fs.Path base = zoo.path("");
    copyFile(zoo, ZooStore.SPEC, tmp);
    copyFile(zoo, ZooStore.INDEX, tmp);
    RemoteIterator<LocatedFileStatus> shards = fs.listFiles(zoo.path("shards"), false);
    while (shards.hasNext()) {
      LocatedFileStatus f = shards.next();
      copyFile(zoo, base.toUri().relativize(f.getPath().toUri()).getPath(), tmp);
    }
    if (Files.exists(target)) {
      ScratchFolders.delete(
          target); // a copy of an earlier executor in this temp folder: refresh it
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static void copyFile(ClusterFolder zoo, String relative, Path dir) throws IOException {
    Path local = dir.resolve(relative);
    Files.createDirectories(local.getParent());
    try (InputStream in = zoo.open(relative)) {
      Files.copy(in, local);
    }
  }

  private static String hash(String uri) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
