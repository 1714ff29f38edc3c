package org.replearn.core.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.replearn.core.CorruptFileException;

/**
 * Strict reading of the JSON documents replearn's files hold ({@code zoo.json}, {@code index.json},
 * run state, views): the bytes must be UTF-8 and one JSON value with nothing but whitespace after
 * it, and every field is read through a {@link Node} that requires its presence and type and names
 * the file and the field path in its error, e.g. {@code "index.json: rows[3].model must be an
 * integer in [0, 99], found -1"}.
 *
 * <p>This is the one validation helper for JSON documents: readers never bind untrusted JSON
 * straight to records (a missing field would become {@code null} or 0, a float a truncated int).
 */
public final class JsonFile {
  /** Size limit of a JSON document read whole (256 MiB). */
  public static final long MAX_BYTES = 256L << 20;

  private static final ObjectReader READER;

  static {
    ObjectMapper mapper = JsonMapper.builder().build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(256).maxNumberLength(400).build());
    READER =
        mapper
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .without(JsonParser.Feature.ALLOW_COMMENTS);
  }

  /**
   * Binds JSON to records strictly: every constructor property present and non-null, no unknown
   * fields, no float for an integer, no string or number for a boolean, nothing after the value.
   */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .findAndAddModules()
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .withCoercionConfig(
              LogicalType.Integer,
              c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
          .withCoercionConfig(
              LogicalType.Boolean,
              c ->
                  c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
          .build();

  private JsonFile() {}

  /**
   * Reads {@code file} strictly (see {@link #read}) and binds it to {@code type} with every
   * constructor property required and typed.
   *
   * @throws CorruptFileException naming the file, the field path and the problem on one line
   */
  public static <T> T bind(Path file, Class<T> type) throws IOException {
    return read(file).bind(type);
  }

  /**
   * Reads {@code file} as one strict JSON document.
   *
   * @throws CorruptFileException if it is missing, too large, not UTF-8 or not valid JSON
   */
  public static Node read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptFileException(file, "no such file");
    }
    long size = FileChecks.size(file);
    if (size > MAX_BYTES) {
      throw new CorruptFileException(
          file, "a JSON document must be at most " + MAX_BYTES + " bytes, found " + size);
    }
    return parse(file, FileChecks.readAllBytes(file));
  }

  /**
   * Parses {@code bytes} (the content of {@code file}) as one strict JSON document.
   *
   * @throws CorruptFileException naming {@code file} if the bytes are not UTF-8 or not valid JSON
   */
  public static Node parse(Path file, byte[] bytes) {
    return new Node(file, "", parseTree(file, "", bytes));
  }

  /**
   * Parses UTF-8 JSON text into a tree; {@code what} (e.g. {@code "header "}) prefixes the errors.
   */
  static JsonNode parseTree(Path file, String what, byte[] bytes) {
    String text = utf8(file, what, bytes);
    JsonNode root;
    try {
      root = READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new CorruptFileException(
          file, what + "is not valid JSON: " + oneLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new CorruptFileException(file, what + "is not valid JSON: " + oneLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw new CorruptFileException(file, what + "is not valid JSON: no value");
    }
    return root;
  }

  /** Strict UTF-8 decoding (malformed bytes are refused, as serde_json and Python do). */
  static String utf8(Path file, String what, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptFileException(file, what + "is not valid UTF-8 text");
    }
  }

  /** A message on one line (parser messages may hold newlines and source excerpts). */
  static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    return FileChecks.printable(message.lines().findFirst().orElse("").strip(), 200);
  }

  /**
   * One value of a JSON document with its path from the root, for errors that name the field.
   *
   * @param file the document's file
   * @param path the field path, e.g. {@code rows[3].model} ({@code ""} for the root)
   * @param json the value
   */
  public record Node(Path file, String path, JsonNode json) {

    /** This value bound strictly to {@code type} (see {@link JsonFile#bind(Path, Class)}). */
    public <T> T bind(Class<T> type) {
      return bind(STRICT.getTypeFactory().constructType(type));
    }

    /** This value bound strictly to a generic type such as {@code List<Evaluation>}. */
    public <T> T bind(com.fasterxml.jackson.core.type.TypeReference<T> type) {
      return bind(STRICT.getTypeFactory().constructType(type));
    }

    private <T> T bind(com.fasterxml.jackson.databind.JavaType type) {
      try {
        // from the text, so numbers bind as the mapper would bind the file (doubles, not the
        // BigDecimals of the strict tree)
        return STRICT.readerFor(type).readValue(json.toString());
      } catch (JsonMappingException e) {
        StringBuilder where = new StringBuilder(path);
        for (JsonMappingException.Reference r : e.getPath()) {
          if (r.getFieldName() != null) {
            where.append(where.length() == 0 ? "" : ".").append(r.getFieldName());
          } else if (r.getIndex() >= 0) {
            where.append('[').append(r.getIndex()).append(']');
          }
        }
        throw new CorruptFileException(
            file,
            (where.length() == 0 ? "the document" : where) + ": " + oneLine(e.getOriginalMessage()),
            e);
      } catch (IOException | RuntimeException e) {
        throw new CorruptFileException(
            file, (path.isEmpty() ? "the document" : path) + ": " + oneLine(e.getMessage()), e);
      }
    }

    /** The error "{@code <file>: <path> <rule>, found <value>}". */
    public CorruptFileException error(String rule, Object found) {
      String where = path.isEmpty() ? "the document" : path;
      return new CorruptFileException(file, where + " " + rule + ", found " + shortText(found));
    }

    private static String shortText(Object found) {
      return FileChecks.printable(String.valueOf(found));
    }

    private String child(String name) {
      String safe = FileChecks.printable(name, 60);
      return path.isEmpty() ? safe : path + "." + safe;
    }

    /** This value, required to be an object. */
    public Node object() {
      if (!json.isObject()) {
        throw error("must be a JSON object", json);
      }
      return this;
    }

    /** Refuses fields outside {@code allowed} (a misspelt or future field is not silently lost). */
    public Node only(Set<String> allowed) {
      object();
      for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          throw new CorruptFileException(
              file,
              (path.isEmpty() ? "" : path + ": ")
                  + "unknown field '"
                  + FileChecks.printable(name, 60)
                  + "' (allowed: "
                  + String.join(", ", allowed)
                  + ")");
        }
      }
      return this;
    }

    /** Whether the object has a non-null field {@code name}. */
    public boolean has(String name) {
      object();
      JsonNode v = json.get(name);
      return v != null && !v.isNull();
    }

    /** The required, non-null field {@code name}. */
    public Node get(String name) {
      object();
      JsonNode v = json.get(name);
      if (v == null || v.isNull()) {
        throw new Node(file, child(name), v == null ? null : v)
            .error("is required", v == null ? "no such field" : "null");
      }
      return new Node(file, child(name), v);
    }

    /** The elements of this array. */
    public List<Node> elements() {
      if (!json.isArray()) {
        throw error("must be a JSON array", json);
      }
      List<Node> out = new ArrayList<>(json.size());
      for (int i = 0; i < json.size(); i++) {
        out.add(new Node(file, path + "[" + i + "]", json.get(i)));
      }
      return out;
    }

    /** The fields of this object, in file order. */
    public Map<String, Node> fields() {
      object();
      Map<String, Node> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), new Node(file, child(e.getKey()), e.getValue()));
      }
      return out;
    }

    /** This value as text. */
    public String text() {
      if (!json.isTextual()) {
        throw error("must be a JSON string", json);
      }
      return json.asText();
    }

    /** This value as an integer in {@code [min, max]} (a float such as 2.0 is refused). */
    public long longValue(long min, long max) {
      if (!json.isIntegralNumber() || !json.canConvertToLong()) {
        throw error("must be an integer in [" + min + ", " + max + "]", json);
      }
      long v = json.asLong();
      if (v < min || v > max) {
        throw error("must be an integer in [" + min + ", " + max + "]", v);
      }
      return v;
    }

    /** This value as an int in {@code [min, max]}. */
    public int intValue(int min, int max) {
      return (int) longValue(min, max);
    }

    /** This value as a finite number in {@code [min, max]}. */
    public double doubleValue(double min, double max) {
      if (!json.isNumber()) {
        throw error("must be a number in [" + min + ", " + max + "]", json);
      }
      double v = json.asDouble();
      if (!Double.isFinite(v) || v < min || v > max) {
        throw error("must be a finite number in [" + min + ", " + max + "]", json);
      }
      return v;
    }

    /**
     * This value as a number that may be non-finite: a JSON number, or the strings {@code "NaN"},
     * {@code "Infinity"}, {@code "-Infinity"} that Jackson writes for them.
     */
    public double doubleOrNonFinite() {
      if (json.isNumber()) {
        double v = json.asDouble();
        if (Double.isFinite(v)) {
          return v;
        }
      } else if (json.isTextual()) {
        switch (json.asText()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
      throw error("must be a number (or \"NaN\", \"Infinity\", \"-Infinity\")", json);
    }

    /** This value as a boolean. */
    public boolean booleanValue() {
      if (!json.isBoolean()) {
        throw error("must be true or false", json);
      }
      return json.asBoolean();
    }

    /** This value as one of the names of a closed set. */
    public <E> E oneOf(Map<String, E> choices) {
      E e = json.isTextual() ? choices.get(json.asText()) : null;
      if (e == null) {
        throw error("must be one of " + choices.keySet(), json);
      }
      return e;
    }

    /** This value, an array of integers in {@code [min, max]}. */
    public long[] longArray(long min, long max) {
      return elements().stream().mapToLong(e -> e.longValue(min, max)).toArray();
    }

    /** This value, an array of finite numbers in {@code [min, max]}. */
    public double[] doubleArray(double min, double max) {
      return elements().stream().mapToDouble(e -> e.doubleValue(min, max)).toArray();
    }

    /** This value, an array of strings. */
    public List<String> textList() {
      return elements().stream().map(Node::text).toList();
    }

    /** This value, an object of string values. */
    public Map<String, String> textMap() {
      Map<String, String> out = new LinkedHashMap<>();
      fields().forEach((k, v) -> out.put(k, v.text()));
      return out;
    }

    /**
     * This value as plain Java values (maps, lists, strings, booleans, Long or Double numbers), for
     * free-form settings.
     */
    public Object plain() {
      if (json.isObject()) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields().forEach((k, v) -> out.put(k, v.plain()));
        return out;
      }
      if (json.isArray()) {
        return elements().stream().map(Node::plain).toList();
      }
      if (json.isIntegralNumber()) {
        return longValue(Long.MIN_VALUE, Long.MAX_VALUE);
      }
      if (json.isNumber()) {
        return doubleValue(-Double.MAX_VALUE, Double.MAX_VALUE);
      }
      if (json.isTextual()) {
        return json.asText();
      }
      if (json.isBoolean()) {
        return json.asBoolean();
      }
      return null;
    }
  }
}
