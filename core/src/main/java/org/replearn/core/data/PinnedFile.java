package org.replearn.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.replearn.core.CorruptFileException;

/**
 * One IDX file of a data set as it must be: its canonical name, magic number, item count and the
 * SHA-256 of its uncompressed content.
 *
 * @param name canonical file name without {@code .gz}, e.g. {@code train-images-idx3-ubyte}
 * @param magic {@link Idx#IMAGES_MAGIC} or {@link Idx#LABELS_MAGIC}
 * @param count number of images or labels
 * @param sha256 lower-case hex SHA-256 of the uncompressed IDX bytes
 */
public record PinnedFile(String name, int magic, int count, String sha256) {

  /**
   * Reads {@code file} (plain, or gzip if named {@code *.gz}) and checks magic, count, length and
   * checksum.
   *
   * @return the uncompressed content
   * @throws CorruptFileException naming the file, what was expected and what was found
   */
  public byte[] verify(Path file) throws IOException {
    byte[] content = Idx.content(file);
    int found = Idx.count(file, content, magic);
    if (found != count) {
      String items = magic == Idx.IMAGES_MAGIC ? " images" : " labels";
      throw new CorruptFileException(
          file, "must hold " + count + items + ", found " + found + items);
    }
    String digest = sha256(content);
    if (!digest.equals(sha256)) {
      throw new CorruptFileException(
          file, "SHA-256 of the IDX content must be " + sha256 + ", found " + digest);
    }
    return content;
  }

  /** This file in {@code dir}: the plain {@code name} if present, else {@code name.gz}. */
  public Optional<Path> locate(Path dir) {
    for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Lower-case hex SHA-256 of {@code content}. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
