package org.replearn.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;

/**
 * safetensors files (https://github.com/huggingface/safetensors), written atomically and read with
 * full validation (see {@link SafetensorsHeader}); a Python user reads them with {@code
 * safetensors.numpy.load_file}, and DJL's {@code NDList.decode} reads them too.
 *
 * <p>This is our own codec rather than DJL's {@code NDList.Encoding.SAFETENSORS}: DJL's writer
 * orders the header by hash and limits files to 2 GiB (int offsets); its reader checks neither
 * offsets against shapes nor the file size, reads the whole file, and can only read all tensors.
 * Here each tensor is mapped from the file on its own, so a subset of a large file is read without
 * loading the rest.
 *
 * <p>Types: F64, F32, F16, I64, I32, I8, U8 and BOOL are read and written as such; BF16 and I16,
 * which DJL's PyTorch engine cannot create, are read widened to float32 and int32 (exact).
 */
public final class Safetensors {
  private static final String METADATA = "__metadata__";

  private Safetensors() {}

  /**
   * Writes named tensors to {@code target} atomically, header and data in the map's order.
   *
   * @param tensors name to tensor; names must be non-empty and not {@code __metadata__}
   */
  public static void write(Path target, Map<String, NDArray> tensors) throws IOException {
    write(target, tensors, Map.of());
  }

  /**
   * Writes named tensors and a {@code __metadata__} map (text to text, e.g. provenance) to {@code
   * target} atomically. The header is padded with spaces to a multiple of 8 bytes, as the reference
   * implementation does, so the data starts aligned.
   */
  public static void write(Path target, Map<String, NDArray> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = Json.mapper().createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(METADATA);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      String name = e.getKey();
      NDArray a = e.getValue();
      if (name == null || name.isEmpty() || name.equals(METADATA)) {
        throw new IllegalArgumentException(target + ": bad tensor name '" + name + "'");
      }
      ObjectNode entry = header.putObject(name);
      entry.put("dtype", dtypeName(a.getDataType()));
      var shape = entry.putArray("shape");
      for (long d : a.getShape().getShape()) {
        shape.add(d);
      }
      long end = offset + a.size() * a.getDataType().getNumOfBytes();
      entry.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] json = Json.compact(header).getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    AtomicFiles.write(
        target,
        out -> {
          out.write(prefix.array());
          WritableByteChannel channel = Channels.newChannel(out);
          for (NDArray a : tensors.values()) {
            ByteBuffer data = NDArrayCopies.bytesOf(a);
            while (data.hasRemaining()) {
              channel.write(data);
            }
          }
        });
  }

  private static String dtypeName(DataType type) {
    for (Map.Entry<String, DataType> e : SafetensorsHeader.DTYPES.entrySet()) {
      if (e.getValue() == type) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("safetensors cannot store " + type);
  }

  /**
   * Reads and checks the header only (names, types, shapes, offsets, metadata).
   *
   * @throws CorruptFileException if the file is missing or not valid safetensors
   */
  public static SafetensorsHeader readHeader(Path file) throws IOException {
    try (FileChannel channel = open(file)) {
      return SafetensorsHeader.read(file, channel);
    }
  }

  /**
   * Reads all tensors of a safetensors file into {@code manager}, in data order; each array is
   * named after its tensor.
   *
   * @throws CorruptFileException if the file is missing or not valid safetensors
   */
  public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
    return read(file, manager, null);
  }

  /**
   * Reads only the tensors named in {@code names} (all if {@code null}), in data order; the others
   * are not read from disk.
   *
   * @throws CorruptFileException if the file is missing or not valid safetensors
   * @throws InvalidInputException if a requested name is not in the file
   */
  public static Map<String, NDArray> read(Path file, NDManager manager, Collection<String> names)
      throws IOException {
    try (FileChannel channel = open(file)) {
      SafetensorsHeader header = SafetensorsHeader.read(file, channel);
      if (names != null) {
        TreeSet<String> present = new TreeSet<>();
        header.tensors().forEach(t -> present.add(t.name()));
        for (String name : names) {
          InvalidInputException.require(
              present.contains(name), file + " tensor name", "must be one of " + present, name);
        }
      }
      Map<String, NDArray> result = new LinkedHashMap<>();
      for (SafetensorsHeader.Tensor t : header.tensors()) {
        if (names == null || names.contains(t.name())) {
          NDArray a = load(channel, header.dataStart(), t, manager);
          a.setName(t.name());
          result.put(t.name(), a);
        }
      }
      return result;
    }
  }

  private static NDArray load(
      FileChannel channel, long dataStart, SafetensorsHeader.Tensor t, NDManager manager)
      throws IOException {
    InvalidInputException.require(
        t.bytes() < Integer.MAX_VALUE, "tensor '" + t.name() + "'", "must be < 2 GiB", t.bytes());
    ByteBuffer bytes =
        channel
            .map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.bytes())
            .order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(t.shape().size());
    switch (t.dataType()) {
      case BFLOAT16 -> {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
          values[i] = Float16.bfloat16ToFloat(bytes.getShort(2 * i));
        }
        return manager.create(values, t.shape());
      }
      case INT16 -> {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
          values[i] = bytes.getShort(2 * i);
        }
        return manager.create(values, t.shape());
      }
      default -> {
        return NDArrayCopies.copyOf(bytes, t.shape(), t.dataType(), manager);
      }
    }
  }

  private static FileChannel open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no such file");
    }
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw FileChecks.named(file, "cannot open", e);
    }
  }

  /** The tensor names of {@code file} in data order (reads the header only). */
  public static List<String> names(Path file) throws IOException {
    return readHeader(file).tensors().stream().map(SafetensorsHeader.Tensor::name).toList();
  }
}
