package org.replearn.core.io;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.replearn.core.CorruptFileException;

/**
 * The header of a {@code .npy} file (numpy format versions 1.0, 2.0 and 3.0, see {@code
 * numpy.lib.format}): element type, C-order shape and where the data starts.
 *
 * <pre>
 *   "\x93NUMPY" major minor | header length (uint16 LE in 1.0, uint32 LE in 2.0/3.0)
 *   | "{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }" padded with spaces, '\n'
 *   | data: shape.size() elements, little-endian, row-major
 * </pre>
 *
 * @param dataType element type; one of {@link #SUPPORTED}
 * @param shape the array shape; {@code ()} for a scalar
 * @param dataOffset byte offset of the first element in the file
 */
public record NpyHeader(DataType dataType, Shape shape, long dataOffset) {

  /** The numpy {@code descr} of each supported type (little-endian, or byte-sized). */
  static final Map<DataType, String> SUPPORTED =
      Map.of(
          DataType.BOOLEAN, "|b1",
          DataType.INT8, "|i1",
          DataType.UINT8, "|u1",
          DataType.INT16, "<i2",
          DataType.INT32, "<i4",
          DataType.INT64, "<i8",
          DataType.FLOAT16, "<f2",
          DataType.FLOAT32, "<f4",
          DataType.FLOAT64, "<f8");

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGNMENT = 64;
  private static final long MAX_HEADER_BYTES = 1 << 20;
  private static final String SUPPORTED_TEXT =
      "bool, int8, uint8, int16, int32, int64, float16, float32, float64, little-endian";

  /** Number of elements, the product of the dimensions (1 for a scalar). */
  public long elementCount() {
    return shape.size();
  }

  /** Bytes of data after the header. */
  public long dataBytes() {
    return elementCount() * dataType.getNumOfBytes();
  }

  /** Length of the first axis (1 for a scalar): the unit of row-range reads. */
  public long rows() {
    return shape.dimension() == 0 ? 1 : shape.get(0);
  }

  /** Elements per row: the product of all dimensions but the first. */
  public long rowElements() {
    return shape.dimension() == 0 ? 1 : shape.slice(1).size();
  }

  /**
   * The header bytes {@code numpy.save} writes for this type and shape (numpy 1.23+: version 1.0,
   * or 2.0 if the header exceeds 64 KiB), byte for byte.
   */
  static byte[] encode(DataType dataType, Shape shape) {
    String descr = SUPPORTED.get(dataType);
    if (descr == null) {
      throw new IllegalArgumentException(
          "npy: cannot write " + dataType + " (" + SUPPORTED_TEXT + ")");
    }
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.dimension(); i++) {
      dims.append(i == 0 ? "" : ", ").append(shape.get(i));
    }
    dims.append(shape.dimension() == 1 ? ",)" : ")");
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
    if (shape.dimension() > 0) {
      // numpy's spare room for rewriting the first dimension in place (GROWTH_AXIS_MAX_DIGITS)
      dict += " ".repeat(Math.max(0, 21 - String.valueOf(shape.get(0)).length()));
    }
    byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
    int major = 1;
    int prefix = MAGIC.length + 4;
    // numpy pads with 1 to 64 spaces so that the data starts at a multiple of 64
    int padded = prefix + text.length + 1 + ALIGNMENT - (prefix + text.length + 1) % ALIGNMENT;
    if (padded - prefix > 0xFFFF) {
      major = 2;
      prefix = MAGIC.length + 6;
      padded = prefix + text.length + 1 + ALIGNMENT - (prefix + text.length + 1) % ALIGNMENT;
    }
    int headerLength = padded - prefix;
    ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) headerLength);
    } else {
      b.putInt(headerLength);
    }
    b.put(text);
    while (b.position() < padded - 1) {
      b.put((byte) ' ');
    }
    b.put((byte) '\n');
    return b.array();
  }

  /**
   * Reads and checks the header of {@code file}, including that the file holds exactly the data the
   * header announces.
   *
   * @throws CorruptFileException naming the file and the problem
   */
  static NpyHeader read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 10) {
      throw new CorruptFileException(
          file, "truncated: " + size + " bytes, an npy file has at least 10");
    }
    ByteBuffer prefix = FileBytes.read(channel, 0, 10);
    for (int i = 0; i < MAGIC.length; i++) {
      if (prefix.get(i) != MAGIC[i]) {
        throw new CorruptFileException(
            file,
            "not an npy file: wrong magic " + hex(prefix, 6) + " (expected 93 4e 55 4d 50 59)");
      }
    }
    int major = prefix.get(6) & 0xFF;
    int minor = prefix.get(7) & 0xFF;
    if (major < 1 || major > 3 || minor != 0) {
      throw new CorruptFileException(
          file,
          "unsupported npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
    }
    long headerLength;
    int start;
    if (major == 1) {
      headerLength = prefix.getShort(8) & 0xFFFF;
      start = 10;
    } else {
      if (size < 12) {
        throw new CorruptFileException(
            file, "truncated: " + size + " bytes, the header length field is missing");
      }
      headerLength = FileBytes.read(channel, 8, 4).getInt() & 0xFFFFFFFFL;
      start = 12;
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new CorruptFileException(
          file,
          "header length field says " + headerLength + " bytes, the limit is " + MAX_HEADER_BYTES);
    }
    if (start + headerLength > size) {
      throw new CorruptFileException(
          file,
          "truncated header: says "
              + headerLength
              + " bytes, file has "
              + (size - start)
              + " after the length field");
    }
    ByteBuffer raw = FileBytes.read(channel, start, (int) headerLength);
    String text =
        new String(
            raw.array(),
            0,
            (int) headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict;
    try {
      dict = new DictParser(text).parse();
    } catch (IllegalArgumentException e) {
      throw new CorruptFileException(
          file, "bad header " + FileChecks.printable(text.strip()) + ": " + e.getMessage());
    }
    NpyHeader header = fromDict(file, dict, start + headerLength);
    long expected = header.dataOffset + header.dataBytes();
    if (size < expected) {
      throw new CorruptFileException(
          file,
          "truncated: shape "
              + header.shape
              + " "
              + header.dataType
              + " needs "
              + header.dataBytes()
              + " data bytes, file has "
              + (size - header.dataOffset));
    }
    if (size > expected) {
      throw new CorruptFileException(
          file,
          (size - expected)
              + " unexpected bytes after the data of shape "
              + header.shape
              + " "
              + header.dataType);
    }
    return header;
  }

  private static NpyHeader fromDict(Path file, Map<String, Object> dict, long dataOffset) {
    if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
      throw new CorruptFileException(
          file,
          "header must have exactly the keys 'descr', 'fortran_order', 'shape' (as numpy requires),"
              + " found "
              + FileChecks.printable(new TreeSet<>(dict.keySet()).toString()));
    }
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shape = dict.get("shape");
    if (!(descr instanceof String d)) {
      throw new CorruptFileException(file, "header 'descr' must be a string, found " + show(descr));
    }
    if (!(fortran instanceof Boolean f)) {
      throw new CorruptFileException(
          file, "header 'fortran_order' must be True or False, found " + show(fortran));
    }
    if (!(shape instanceof long[] s)) {
      throw new CorruptFileException(
          file, "header 'shape' must be a tuple of integers, found " + show(shape));
    }
    if (f) {
      throw new CorruptFileException(
          file,
          "Fortran-order (column-major) arrays are not supported; save it in C order"
              + " (np.save(path, np.ascontiguousarray(a)))");
    }
    DataType type = dataTypeOf(d);
    if (type == null) {
      throw new CorruptFileException(
          file,
          "unsupported dtype '"
              + FileChecks.printable(d)
              + "' (supported: "
              + SUPPORTED_TEXT
              + ")");
    }
    String what = "shape " + tupleText(s) + " " + d;
    long elements = FileChecks.elementCount(file, what, s);
    long bytes = FileChecks.multiply(file, what, elements, type.getNumOfBytes());
    if (bytes > Long.MAX_VALUE - dataOffset) {
      throw new CorruptFileException(file, what + " is too large: " + bytes + " data bytes");
    }
    return new NpyHeader(type, new Shape(s), dataOffset);
  }

  private static String show(Object v) {
    return v instanceof long[] t ? tupleText(t) : String.valueOf(v);
  }

  private static String tupleText(long[] s) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) {
      b.append(i == 0 ? "" : ", ").append(s[i]);
    }
    return b.append(s.length == 1 ? ",)" : ")").toString();
  }

  /** The type for a numpy descr such as {@code <f4}; byte-sized types accept any order mark. */
  private static DataType dataTypeOf(String descr) {
    for (Map.Entry<DataType, String> e : SUPPORTED.entrySet()) {
      String known = e.getValue();
      if (known.equals(descr)) {
        return e.getKey();
      }
      if (known.startsWith("|")
          && descr.length() == 3
          && "<>=".indexOf(descr.charAt(0)) >= 0
          && descr.substring(1).equals(known.substring(1))) {
        return e.getKey();
      }
    }
    return null;
  }

  private static String hex(ByteBuffer b, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.limit()); i++) {
      s.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b.get(i) & 0xFF));
    }
    return s.toString();
  }

  /**
   * Parses the Python dict literal of an npy header: string keys; values are strings, {@code
   * True}/{@code False} or tuples of integers (returned as {@code long[]}).
   */
  private static final class DictParser {
    private final String s;
    private int pos;

    DictParser(String s) {
      this.s = s;
    }

    Map<String, Object> parse() {
      Map<String, Object> dict = new HashMap<>();
      expect('{');
      while (peek() != '}') {
        String key = string();
        expect(':');
        dict.put(key, value());
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at " + pos);
        }
      }
      pos++;
      if (!s.substring(pos).isBlank()) {
        throw new IllegalArgumentException("text after the dict at " + pos);
      }
      return dict;
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '(') {
        return tuple();
      }
      if (s.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (c == '-' || Character.isDigit(c)) {
        int begin = pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        try {
          return Long.valueOf(s.substring(begin, pos));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad integer at " + begin, e);
        }
      }
      throw new IllegalArgumentException("unexpected value at " + pos);
    }

    private long[] tuple() {
      expect('(');
      List<Long> dims = new ArrayList<>();
      while (peek() != ')') {
        int begin = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
        if (begin == pos) {
          throw new IllegalArgumentException("expected a non-negative integer at " + pos);
        }
        try {
          dims.add(Long.parseLong(s.substring(begin, pos)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("dimension too large at " + begin, e);
        }
        if (pos < s.length() && s.charAt(pos) == 'L') {
          pos++; // Python 2 long literal
        }
        if (peek() == ',') {
          pos++;
        } else if (peek() != ')') {
          throw new IllegalArgumentException("expected ',' or ')' at " + pos);
        }
      }
      pos++;
      return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private String string() {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw new IllegalArgumentException("expected a quoted string at " + pos);
      }
      int end = s.indexOf(quote, pos + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated string at " + pos);
      }
      String value = s.substring(pos + 1, end);
      pos = end + 1;
      return value;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + pos);
      }
      pos++;
    }

    /** The next non-blank character (pos moves onto it). */
    private char peek() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      if (pos >= s.length()) {
        throw new IllegalArgumentException("header ends early");
      }
      return s.charAt(pos);
    }
  }
}
