package org.replearn.privacy.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.replearn.core.CorruptFileException;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.io.Json;
import org.replearn.core.io.Safetensors;
import org.replearn.core.io.SafetensorsHeader;

/**
 * A folder of derived tensors that are slow to make and cheap to keep: pre-trained backbones and
 * the features they extract. Each entry is one safetensors file {@code <kind>-<id>.safetensors}
 * whose id is the first 16 hex digits of the SHA-256 of its key, the canonical JSON of everything
 * the tensors depend on (data checksums, architecture, steps, seeds, device). Files are written
 * atomically; the header metadata holds the full key, which must match on read (no silent hash
 * collision), and a CRC32C of the tensor bytes, which is checked on read.
 */
public final class FeatureCache {
  private static final String KEY = "key";
  private static final String CRC = "crc32c";

  private final Path dir;

  private FeatureCache(Path dir) {
    this.dir = dir;
  }

  /** A cache in {@code dir} (created when the first entry is written). */
  public static FeatureCache in(Path dir) {
    return new FeatureCache(dir);
  }

  /**
   * Tensors and metadata read from the cache.
   *
   * @param tensors name to tensor, in file order
   * @param metadata the text metadata written with them (without the key and checksum)
   */
  public record Entry(Map<String, NDArray> tensors, Map<String, String> metadata) {}

  /** The file that holds (or would hold) an entry. */
  public Path file(String kind, Map<String, ?> key) {
    return dir.resolve(kind + "-" + id(key) + ".safetensors");
  }

  /**
   * Reads an entry.
   *
   * @return empty if there is no file for this key
   * @throws CorruptFileException if the file exists but is not valid safetensors, holds another key
   *     or fails its checksum
   */
  public Optional<Entry> read(String kind, Map<String, ?> key, NDManager manager)
      throws IOException {
    Path file = file(kind, key);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    SafetensorsHeader header = Safetensors.readHeader(file);
    Map<String, String> metadata = new LinkedHashMap<>(header.metadata());
    String stored = metadata.remove(KEY);
    String expected = canonical(key);
    if (!expected.equals(stored)) {
      throw new CorruptFileException(file, "holds key " + stored + ", expected " + expected);
    }
    String crc = metadata.remove(CRC);
    Map<String, NDArray> tensors = Safetensors.read(file, manager);
    String actual = Long.toHexString(crc32c(tensors));
    if (!actual.equals(crc)) {
      throw new CorruptFileException(
          file, "tensor data fails its checksum: CRC32C " + actual + ", header says " + crc);
    }
    return Optional.of(new Entry(tensors, metadata));
  }

  /** Writes an entry atomically, replacing any file of the same key. */
  public void write(
      String kind, Map<String, ?> key, Map<String, NDArray> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put(KEY, canonical(key));
    meta.put(CRC, Long.toHexString(crc32c(tensors)));
    Files.createDirectories(dir);
    Safetensors.write(file(kind, key), tensors, meta);
  }

  /** CRC32C of the pixels and labels of a data set (the data part of a cache key). */
  public static long checksum(ImageDataset data) {
    CRC32C crc = new CRC32C();
    crc.update(data.pixels());
    ByteBuffer labels =
        ByteBuffer.allocate(4 * data.labels().length).order(ByteOrder.LITTLE_ENDIAN);
    labels.asIntBuffer().put(data.labels());
    crc.update(labels);
    return crc.getValue();
  }

  private static long crc32c(Map<String, NDArray> tensors) {
    CRC32C crc = new CRC32C();
    for (NDArray a : tensors.values()) {
      crc.update(a.toByteBuffer());
    }
    return crc.getValue();
  }

  private static String canonical(Map<String, ?> key) {
    return Json.compact(new TreeMap<>(key));
  }

  private static String id(Map<String, ?> key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
