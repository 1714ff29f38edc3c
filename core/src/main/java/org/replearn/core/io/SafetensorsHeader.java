package org.replearn.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replearn.core.CorruptFileException;

/**
 * The checked header of a safetensors file (https://github.com/huggingface/safetensors):
 *
 * <pre>
 *   u64 LE n | n bytes of JSON {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [b, e]},
 *            ..., "__metadata__": {"key": "text"}} (may end with spaces)
 *            | data: tensor bytes, little-endian, row-major, offsets relative to byte 8 + n
 * </pre>
 *
 * A header is accepted only if the tensors' byte ranges are consistent with their types and shapes
 * and tile the data section exactly, without gap or overlap, as the reference implementation
 * requires.
 *
 * @param tensors the tensors in data order (increasing offsets)
 * @param metadata the optional {@code __metadata__} strings (empty if absent)
 * @param dataStart file position of the data section, {@code 8 + n}
 */
public record SafetensorsHeader(
    List<SafetensorsHeader.Tensor> tensors, Map<String, String> metadata, long dataStart) {

  /** Header size limit of the reference implementation (100 MB). */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  /** safetensors dtype names and the DJL types they hold. */
  static final Map<String, DataType> DTYPES =
      Map.of(
          "F64", DataType.FLOAT64,
          "F32", DataType.FLOAT32,
          "F16", DataType.FLOAT16,
          "BF16", DataType.BFLOAT16,
          "I64", DataType.INT64,
          "I32", DataType.INT32,
          "I16", DataType.INT16,
          "I8", DataType.INT8,
          "U8", DataType.UINT8,
          "BOOL", DataType.BOOLEAN);

  /**
   * One tensor's entry.
   *
   * @param name the tensor name
   * @param dtype the safetensors type name, e.g. {@code F32}
   * @param dataType the DJL type of the stored elements
   * @param shape the shape
   * @param begin first byte, relative to the data section
   * @param end one past the last byte, relative to the data section
   */
  public record Tensor(
      String name, String dtype, DataType dataType, Shape shape, long begin, long end) {
    /** Number of data bytes. */
    public long bytes() {
      return end - begin;
    }
  }

  /** The entry named {@code name}, or {@code null}. */
  public Tensor tensor(String name) {
    for (Tensor t : tensors) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Reads and checks the header of {@code file}.
   *
   * @throws CorruptFileException naming the file and the first problem found
   */
  static SafetensorsHeader read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new CorruptFileException(
          file, "truncated: " + size + " bytes, a safetensors file has at least 8");
    }
    long n = FileBytes.read(channel, 0, 8).getLong();
    if (n < 0 || n > MAX_HEADER_BYTES) {
      throw new CorruptFileException(
          file,
          "header length field says "
              + Long.toUnsignedString(n)
              + " bytes, the limit is "
              + MAX_HEADER_BYTES
              + " (not a safetensors file?)");
    }
    if (8 + n > size) {
      throw new CorruptFileException(
          file,
          "truncated header: the length field says "
              + n
              + " bytes, only "
              + (size - 8)
              + " follow (not a safetensors file?)");
    }
    byte[] json = FileBytes.read(channel, 8, (int) n).array();
    // as the reference: strict UTF-8, one JSON value with only JSON whitespace around it (so NUL
    // padding or trailing bytes are refused), a later duplicate name replacing an earlier one
    JsonNode root = JsonFile.parseTree(file, "header ", json);
    if (!root.isObject()) {
      throw new CorruptFileException(
          file, "header must be a JSON object, found " + JsonFile.oneLine(root.toString()));
    }
    List<Tensor> tensors = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        if (!e.getValue().isNull()) {
          readMetadata(file, e.getValue(), metadata);
        }
      } else {
        tensors.add(tensor(file, e.getKey(), e.getValue()));
      }
    }
    tensors.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
    long position = 0;
    for (Tensor t : tensors) {
      if (t.begin() != position) {
        throw new CorruptFileException(
            file,
            "tensor '"
                + FileChecks.printable(t.name())
                + "' starts at data byte "
                + t.begin()
                + ", expected "
                + position
                + " (data_offsets must tile the data without gaps or overlaps)");
      }
      position = t.end();
    }
    long dataBytes = size - 8 - n;
    if (dataBytes < position) {
      throw new CorruptFileException(
          file, "truncated: the tensors need " + position + " data bytes, file has " + dataBytes);
    }
    if (dataBytes > position) {
      throw new CorruptFileException(
          file, (dataBytes - position) + " unexpected bytes after the last tensor");
    }
    return new SafetensorsHeader(List.copyOf(tensors), Map.copyOf(metadata), 8 + n);
  }

  private static Tensor tensor(Path file, String name, JsonNode node) {
    String where = "tensor '" + FileChecks.printable(name) + "'";
    if (!node.isObject()) {
      throw new CorruptFileException(file, where + " is not a JSON object: " + node);
    }
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null || !dtype.isTextual()) {
      throw new CorruptFileException(file, where + " has no text 'dtype': " + node);
    }
    DataType type = DTYPES.get(dtype.asText());
    if (type == null) {
      throw new CorruptFileException(
          file,
          where + " has unsupported dtype " + dtype + " (supported: " + DTYPES.keySet() + ")");
    }
    if (shape == null || !shape.isArray()) {
      throw new CorruptFileException(file, where + " has no 'shape' array: " + node);
    }
    long[] dims = new long[shape.size()];
    long elements = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = shape.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
        throw new CorruptFileException(
            file, where + " shape " + shape + " must hold integers >= 0, found " + d);
      }
      dims[i] = d.asLong();
      elements = FileChecks.multiply(file, where + " shape " + shape, elements, dims[i]);
    }
    if (offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new CorruptFileException(
          file, where + " needs 'data_offsets' [begin, end], found " + offsets);
    }
    for (JsonNode o : offsets) {
      if (!o.isIntegralNumber() || !o.canConvertToLong() || o.asLong() < 0) {
        throw new CorruptFileException(
            file, where + " data_offsets must be integers >= 0, found " + offsets);
      }
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    long bytes =
        FileChecks.multiply(file, where + " shape " + shape, elements, type.getNumOfBytes());
    if (end < begin || end - begin != bytes) {
      throw new CorruptFileException(
          file,
          where
              + ": shape "
              + shape
              + " "
              + dtype.asText()
              + " needs "
              + bytes
              + " bytes, data_offsets "
              + offsets
              + " give "
              + (end - begin));
    }
    return new Tensor(name, dtype.asText(), type, new Shape(dims), begin, end);
  }

  private static void readMetadata(Path file, JsonNode node, Map<String, String> into) {
    if (!node.isObject()) {
      throw new CorruptFileException(file, "__metadata__ is not a JSON object: " + node);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new CorruptFileException(
            file,
            "__metadata__ value of '"
                + FileChecks.printable(e.getKey())
                + "' must be text, found "
                + FileChecks.printable(e.getValue().toString()));
      }
      into.put(e.getKey(), e.getValue().asText());
    }
  }
}
