package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.replearn.core.io.Json;
import org.replearn.core.io.Npy;
import org.replearn.core.io.NpyArray;

/**
 * The acceptance battery of the file readers: corrupt or hostile files fed through the real
 * commands. Every case must end with exit code 2 and exactly one line on stderr that names the file
 * and states the rule broken, with no Java exception name and no stack trace.
 */
@Tag("engine")
class HostileFilesTest {
  @TempDir static Path shared;

  /** A valid zoo: 3 formal-language models in batches of 2, checkpoints 0 and 4. */
  static Path zoo;

  /** The same zoo exported in the official layout. */
  static Path official;

  @BeforeAll
  static void makeValidInputs() throws IOException {
    zoo = shared.resolve("zoo");
    CliRun g = CliRun.tinyZoo(zoo);
    assertEquals(0, g.code(), g.err());
    official = shared.resolve("official");
    CliRun e = CliRun.exportOfficial(zoo, official);
    assertEquals(0, e.code(), e.err());
    assertEquals(0, CliRun.of("zoo", "verify", zoo.toString(), "--json").code());
  }

  /**
   * One hostile input.
   *
   * @param name what is wrong
   * @param prepare writes the bad input into a fresh folder and returns the command line and the
   *     file the error must name
   * @param mentions what the error line must also say (the rule, the value)
   */
  record Case(String name, Prepare prepare, String... mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Writes a bad input under {@code dir}. */
  @FunctionalInterface
  interface Prepare {
    Input in(Path dir) throws IOException;
  }

  /** A command line and the file its error must name. */
  record Input(Path file, String... args) {
    /** The same input with the command line as a list. */
    Input(Path file, List<String> args) {
      this(file, args.toArray(String[]::new));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsWithExitTwoAndOneLineNamingTheFile(Case c) throws IOException {
    Path dir = Files.createTempDirectory(shared, "case");
    Input input = c.prepare().in(dir);
    CliRun run = CliRun.of(input.args());
    List<String> lines = run.errLines().stream().filter(l -> !l.isBlank()).toList();
    String all = String.join("\n", run.errLines());
    assertEquals(2, run.code(), c.name() + ": " + all);
    assertEquals(1, lines.size(), c.name() + ": one line expected, found\n" + all);
    String line = lines.get(0);
    assertTrue(line.startsWith("replearn: "), line);
    assertTrue(line.contains(input.file().toString()), c.name() + ": must name the file: " + line);
    assertFalse(
        line.matches(".*\\b(java|com\\.fasterxml)\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b.*"),
        line);
    assertFalse(line.contains("\tat "), line);
    for (String m : c.mentions()) {
      assertTrue(line.contains(m), c.name() + ": '" + line + "' should mention '" + m + "'");
    }
  }

  static Stream<Arguments> cases() {
    List<Case> c = new ArrayList<>();
    // .npy through file inspect
    c.add(
        npyCase(
            "npy shape overflows 64 bits",
            npyHeader("(4294967296, 4294967296)"),
            0,
            "overflows 64 bits"));
    c.add(
        npyCase(
            "npy shape overflows with 8-byte items",
            npyHeader("(3037000500, 3037000500)"),
            0,
            "overflows"));
    c.add(inspectCase("npy empty file", "w.npy", new byte[0], "truncated", "npy"));
    c.add(
        npyCase(
            "npy extra header key",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1, }",
            8,
            "exactly the keys"));
    c.add(npyCase("npy truncated data", npyHeader("(4,)"), 8, "truncated", "16"));
    c.add(
        npyCase(
            "npy fortran_order not a bool",
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }",
            8,
            "fortran_order"));
    c.add(
        inspectCase(
            "npy wrong magic",
            "w.npy",
            "NUMPY!!!!!!!".getBytes(StandardCharsets.US_ASCII),
            "wrong magic"));
    // safetensors through file inspect
    String w = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
    c.add(
        stCase(
            "safetensors trailing bytes after the header", "{" + w + "}xx", 8, "not valid JSON"));
    c.add(stCase("safetensors NUL padding", "{" + w + "}\0\0\0\0\0", 8, "not valid JSON"));
    c.add(
        stCase(
            "safetensors float dimension",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}",
            8,
            "integers >= 0",
            "2.0"));
    c.add(
        stCase(
            "safetensors shape overflows",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}",
            8,
            "overflows 64 bits"));
    c.add(
        stCase(
            "safetensors negative dimension",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
            8,
            "integers >= 0"));
    c.add(
        stCase(
            "safetensors offsets disagree with shape",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
            8,
            "needs 12 bytes"));
    c.add(
        stCase(
            "safetensors gap between tensors",
            "{" + w + ",\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}",
            16,
            "starts at data byte 12"));
    c.add(stCase("safetensors header not an object", "[1,2]", 0, "must be a JSON object"));
    c.add(stCase("safetensors JSON cut short", "{\"w\": ", 0, "not valid JSON"));
    c.add(
        inspectCase(
            "safetensors header not UTF-8",
            "w.safetensors",
            safetensors(
                ("{\"__metadata__\":{\"k\":\"caf\u00e9\"}," + w + "}")
                    .getBytes(StandardCharsets.ISO_8859_1),
                8),
            "UTF-8"));
    c.add(
        inspectCase(
            "safetensors length field beyond the file",
            "w.safetensors",
            ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array(),
            "limit"));
    // non-finite and empty weights through compress and privacy
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 3e38f}) {
      c.add(
          new Case(
              "compress fit-matrix weight " + bad,
              dir -> fitMatrix(weights(dir, bad, 8, 8)),
              "tensor 'w'",
              String.valueOf(bad)));
      c.add(
          new Case(
              "compress model weight " + bad,
              dir -> {
                Path f = weights(dir, bad, 32, 64);
                return new Input(
                    f,
                    "compress",
                    "model",
                    "--model",
                    f.toString(),
                    "--arch",
                    "none",
                    "--rate",
                    "0.5",
                    "--method",
                    "svd",
                    "--out",
                    dir.resolve("out").toString());
              },
              "tensor 'w'",
              String.valueOf(bad)));
    }
    c.add(
        new Case(
            "compress fit-matrix zero-row tensor",
            dir -> fitMatrix(weights(dir, 0, 0, 8)),
            "at least one value",
            "(0, 8)"));
    c.add(
        new Case(
            "privacy probe --init with NaN",
            dir -> {
              float[] v = new float[10 * 4];
              v[7] = Float.NaN;
              Path f = dir.resolve("w0.npy");
              Npy.write(f, NpyArray.of(v, new ai.djl.ndarray.types.Shape(10, 4)));
              return new Input(
                  f,
                  CliRun.syntheticProbe(
                      "--steps",
                      "1",
                      "--init",
                      f.toString(),
                      "--out",
                      dir.resolve("out").toString()));
            },
            "finite",
            "NaN"));
    // zoo.json through zoo info
    c.add(specCase("zoo.json missing field", s -> s.remove("models"), "models is required"));
    c.add(specCase("zoo.json null field", s -> s.putNull("lstm"), "lstm is required", "null"));
    c.add(
        specCase(
            "zoo.json unknown family",
            s -> s.put("family", "music"),
            "family must be one of",
            "music"));
    c.add(
        specCase(
            "zoo.json unknown metric",
            s -> ((ArrayNode) s.get("metricNames")).add("loss"),
            "metricNames must be",
            "loss"));
    c.add(
        specCase(
            "zoo.json future format version",
            s -> s.put("formatVersion", 99),
            "formatVersion must be 1",
            "99"));
    c.add(
        specCase(
            "zoo.json float for an integer",
            s -> s.put("models", 2.5),
            "models must be an integer",
            "2.5"));
    c.add(
        specCase("zoo.json unknown field", s -> s.put("colour", "red"), "unknown field 'colour'"));
    c.add(
        specCase(
            "zoo.json negative hidden size",
            s -> ((ObjectNode) s.get("lstm")).put("hiddenSize", -3),
            "lstm.hiddenSize must be an integer",
            "-3"));
    c.add(
        zooCase(
            "zoo.json cut short",
            "zoo.json",
            "info",
            f -> editBytes(f, b -> Arrays.copyOf(b, b.length / 2)),
            "not valid JSON"));
    // index.json through zoo info
    c.add(
        indexCase(
            "index.json negative model",
            rows -> row(rows, 0).put("model", -1),
            "rows[0].model must be an integer in [0, 2]",
            "-1"));
    c.add(
        indexCase(
            "index.json model beyond the zoo",
            rows -> row(rows, 0).put("model", 7),
            "rows[0].model",
            "7"));
    c.add(
        indexCase(
            "index.json duplicated row",
            rows -> rows.add(rows.get(rows.size() - 1).deepCopy()),
            "must not repeat a row"));
    c.add(
        indexCase(
            "index.json row beyond the batch",
            rows -> row(rows, 0).put("row", 5),
            "rows[0].row must be an integer in [0, 1]",
            "5"));
    c.add(
        indexCase(
            "index.json missing step",
            rows -> row(rows, 1).remove("step"),
            "rows[1].step is required"));
    c.add(
        indexCase(
            "index.json null shard",
            rows -> row(rows, 1).putNull("shard"),
            "rows[1].shard is required"));
    c.add(
        indexCase(
            "index.json shard outside the zoo",
            rows -> row(rows, 0).put("shard", "../../zoo.json"),
            "rows[0].shard must be a shard name"));
    c.add(
        indexCase(
            "index.json unsorted rows",
            rows -> rows.insert(0, rows.remove(rows.size() - 1)),
            "(model, step) order"));
    c.add(
        indexCase(
            "index.json float step",
            rows -> row(rows, 0).put("step", 0.5),
            "rows[0].step must be an integer"));
    c.add(
        indexCase(
            "index.json unknown metric",
            rows -> ((ObjectNode) row(rows, 0).get("metrics")).put("loss", 1.0),
            "unknown field 'loss'"));
    c.add(
        new Case(
            "index.json future format version",
            dir -> editIndex(dir, i -> i.put("formatVersion", 3)),
            "formatVersion must be 1 or 2",
            "3"));
    c.add(
        new Case(
            "index.json without a shard checksum",
            dir ->
                editIndex(
                    dir,
                    i ->
                        ((ObjectNode) i.get("shards"))
                            .remove("batch-00000-step-000000.safetensors")),
            "SHA-256 of every shard",
            "batch-00000-step-000000"));
    c.add(
        zooCase(
            "index.json not UTF-8",
            "index.json",
            "info",
            f ->
                editBytes(
                    f,
                    b -> {
                      b[b.length - 3] = (byte) 0xC3; // a lead byte without its continuation
                      return b;
                    }),
            "UTF-8"));
    // shards through zoo export and zoo verify
    c.add(
        new Case(
            "index row pointing past the shard's rows (exports the wrong rows)",
            dir ->
                shardInput(
                    dir,
                    i -> row((ArrayNode) i.get("rows"), 4).put("row", 1),
                    "batch-00001-step-000000.safetensors",
                    "export",
                    "--format",
                    "official-npy",
                    "--out",
                    dir.resolve("x").toString()),
            "names shard row 1",
            "rows 0..0"));
    c.add(
        new Case(
            "index rows of two models swapped",
            dir ->
                shardInput(
                    dir,
                    i -> {
                      ArrayNode rows = (ArrayNode) i.get("rows");
                      row(rows, 0).put("row", 1);
                      row(rows, 2).put("row", 0);
                    },
                    "batch-00000-step-000000.safetensors",
                    "verify"),
            "must hold model 0",
            "found model 1"));
    c.add(
        zooCase(
            "shard with a flipped bit",
            "shards/batch-00000-step-000004.safetensors",
            "verify",
            f ->
                editBytes(
                    f,
                    b -> {
                      b[b.length - 100] ^= 0x10;
                      return b;
                    }),
            "SHA-256 must be"));
    c.add(
        zooCase(
            "shard swapped with another step",
            "shards/batch-00000-step-000004.safetensors",
            "verify",
            f ->
                Files.copy(
                    f.resolveSibling("batch-00000-step-000000.safetensors"),
                    f,
                    StandardCopyOption.REPLACE_EXISTING),
            "SHA-256 must be"));
    c.add(
        zooCase(
            "shard missing",
            "shards/batch-00001-step-000004.safetensors",
            "verify",
            Files::delete,
            "no such file"));
    // official import
    c.add(
        officialCase(
            "official steps with a wrong column count",
            "num_step_correct.npy",
            o ->
                Npy.write(
                    o,
                    NpyArray.of(
                        new long[] {0, 0, 0, 4, 1, 0}, new ai.djl.ndarray.types.Shape(3, 2))),
            "[rows, 3]",
            "(3, 2)"));
    c.add(
        officialCase(
            "official float step counts",
            "num_step_correct.npy",
            o ->
                Npy.write(
                    o,
                    NpyArray.of(
                        stepsOf(o).stream().mapToDouble(x -> x).toArray(),
                        new ai.djl.ndarray.types.Shape(6, 3))),
            "int64",
            "float64"));
    c.add(
        officialCase(
            "official negative step",
            "num_step_correct.npy",
            o -> editSteps(o, s -> s[4] = -4),
            "must be >= 0",
            "-4"));
    c.add(
        officialCase(
            "official unsorted steps",
            "num_step_correct.npy",
            o ->
                editSteps(
                    o,
                    s -> {
                      s[2] = 4;
                      s[3] = 2;
                    }),
            "must increase"));
    c.add(
        officialCase(
            "official args.json not UTF-8",
            "args.json",
            o -> Files.write(o, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}),
            "UTF-8"));
    c.add(
        officialCase(
            "official args.json not an object",
            "args.json",
            o -> Files.writeString(o, "[1]"),
            "must be a JSON object"));
    c.add(
        officialCase(
            "official token that wraps into uint8",
            "sequences.npy",
            o -> {
              NpyArray a = Npy.read(o);
              ByteBuffer b =
                  ByteBuffer.allocate(a.data().remaining())
                      .order(ByteOrder.LITTLE_ENDIAN)
                      .put(a.data());
              b.putShort(
                  2 * 5, (short) 262); // 262 mod 256 = 6: a valid-looking token after wrapping
              b.flip();
              Npy.write(o, new NpyArray(a.dataType(), a.shape(), b));
            },
            "token must be in [0, 5]",
            "262"));
    // the data cache: a gzip bomb (a label header promising 10 labels, then 64 MiB of zeros)
    c.add(
        new Case(
            "data cache gzip bomb",
            dir -> {
              Path cache = dir.resolve("cache");
              Path bomb = cache.resolve("mnist/train-labels-idx1-ubyte.gz");
              Files.createDirectories(bomb.getParent());
              try (java.util.zip.GZIPOutputStream gz =
                  new java.util.zip.GZIPOutputStream(Files.newOutputStream(bomb))) {
                gz.write(ByteBuffer.allocate(8).putInt(2049).putInt(10).array());
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 64; i++) {
                  gz.write(zeros);
                }
              }
              return new Input(bomb, "data", "fetch", "mnist", "--dir", cache.toString());
            },
            "holds more data than the 18 bytes its IDX header promises"));
    // views JSON through multiview solve
    c.add(viewsCase("views trailing garbage", "{\"views\": [[[0]], [[1]]]} x", "not valid JSON"));
    c.add(
        viewsCase(
            "views infinite coordinate",
            "{\"views\": [[[0]], [[1e999]]]}",
            "views[1][0][0] must be a finite number"));
    c.add(viewsCase("views missing", "{\"view\": []}", "unknown field 'view'"));
    c.add(
        viewsCase(
            "views rows of different lengths",
            "{\"views\": [[[0, 1]], [[1]]]}",
            "views[1][0] must be a list of 2 numbers"));
    c.add(
        viewsCase(
            "views string coordinate",
            "{\"views\": [[[0]], [[\"1\"]]]}",
            "views[1][0][0] must be a number"));
    return c.stream().map(Arguments::of);
  }

  /** A failed import leaves no folder behind (a later zoo info must not accept a half zoo). */
  @Test
  void failedImportLeavesNoFolder() throws IOException {
    Path dir = Files.createTempDirectory(shared, "import");
    Path from = dir.resolve("official");
    copyTree(official, from);
    // a bad token in the last row: the import fails after writing the shards of the first batch
    NpyArray a = Npy.read(from.resolve("sequences.npy"));
    ByteBuffer b =
        ByteBuffer.allocate(a.data().remaining()).order(ByteOrder.LITTLE_ENDIAN).put(a.data());
    b.putShort(b.capacity() - 2, (short) 300);
    Npy.write(from.resolve("sequences.npy"), new NpyArray(a.dataType(), a.shape(), b.flip()));
    Path out = dir.resolve("imported");
    CliRun r = CliRun.of("zoo", "import", "--from", from.toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertFalse(Files.exists(out), "a failed import must leave nothing at --out");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(from), left.toList(), "no scratch folder may be left");
    }
    assertEquals(2, CliRun.of("zoo", "info", out.toString()).code());
  }

  /** The valid inputs pass: the cases above fail for what they break, not for the base. */
  @Test
  void validInputsPass() throws IOException {
    Path dir = Files.createTempDirectory(shared, "valid");
    assertEquals(0, CliRun.of("zoo", "info", copyZoo(dir).toString()).code());
    Path from = dir.resolve("official");
    copyTree(official, from);
    CliRun r =
        CliRun.of(
            "zoo", "import", "--from", from.toString(), "--out", dir.resolve("imp").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(0, CliRun.of("zoo", "verify", dir.resolve("imp").toString()).code());
  }

  // ---- builders

  /** The npy header of a little-endian float32 array in C order of the given shape. */
  private static String npyHeader(String shape) {
    return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  }

  /** A case on an npy file with header {@code dict} and {@code dataBytes} zero bytes. */
  private static Case npyCase(String name, String dict, int dataBytes, String... mentions) {
    return inspectCase(name, "w.npy", npy(dict, dataBytes), mentions);
  }

  /** A case on a safetensors file with header {@code header} and {@code dataBytes} zero bytes. */
  private static Case stCase(String name, String header, int dataBytes, String... mentions) {
    return inspectCase(
        name,
        "w.safetensors",
        safetensors(header.getBytes(StandardCharsets.UTF_8), dataBytes),
        mentions);
  }

  /** A {@code file inspect --values} case on a file {@code fileName} that holds {@code content}. */
  private static Case inspectCase(
      String name, String fileName, byte[] content, String... mentions) {
    return new Case(name, dir -> inspect(write(dir, fileName, content)), mentions);
  }

  private static Case specCase(String name, Consumer<ObjectNode> edit, String... mentions) {
    return zooCase(name, "zoo.json", "info", f -> editJson(f, edit), mentions);
  }

  private static Case indexCase(String name, Consumer<ArrayNode> edit, String... mentions) {
    return new Case(
        name, dir -> editIndex(dir, i -> edit.accept((ArrayNode) i.get("rows"))), mentions);
  }

  /**
   * A {@code zoo <command>} case on a copy of the valid zoo whose {@code file} {@code edit} spoils.
   */
  private static Case zooCase(
      String name, String file, String command, FileEdit edit, String... mentions) {
    return new Case(name, dir -> editZoo(dir, file, command, edit), mentions);
  }

  private static Input editIndex(Path dir, Consumer<ObjectNode> edit) throws IOException {
    return editZoo(dir, "index.json", "info", f -> editJson(f, edit));
  }

  /**
   * Copies the valid zoo into {@code dir} and applies {@code edit} to its {@code file}; the input
   * is {@code zoo <command>} on the copy, and its error must name that file.
   */
  private static Input editZoo(Path dir, String file, String command, FileEdit edit)
      throws IOException {
    Path z = copyZoo(dir);
    Path f = z.resolve(file);
    edit.edit(f);
    return new Input(f, "zoo", command, z.toString());
  }

  /**
   * Copies the valid zoo into {@code dir} and applies {@code edit} to its index; the input is
   * {@code zoo <command> <copy> <more>}, and its error must name the copy's shard {@code shard}.
   */
  private static Input shardInput(
      Path dir, Consumer<ObjectNode> edit, String shard, String command, String... more)
      throws IOException {
    Path z = editIndex(dir, edit).file().getParent();
    List<String> args = new ArrayList<>(List.of("zoo", command, z.toString()));
    args.addAll(List.of(more));
    return new Input(z.resolve("shards").resolve(shard), args);
  }

  /** Rewrites a file that holds a JSON object with {@code edit} applied to the object. */
  private static void editJson(Path file, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode o = (ObjectNode) Json.mapper().readTree(file.toFile());
    edit.accept(o);
    Files.writeString(file, Json.compact(o));
  }

  /** Rewrites {@code file} with {@code edit} applied to its bytes. */
  private static void editBytes(Path file, UnaryOperator<byte[]> edit) throws IOException {
    Files.write(file, edit.apply(Files.readAllBytes(file)));
  }

  private static ObjectNode row(ArrayNode rows, int i) {
    return (ObjectNode) rows.get(i);
  }

  /** {@code compress fit-matrix} of the tensor 'w' in {@code f}, one step. */
  private static Input fitMatrix(Path f) {
    return new Input(
        f, "compress", "fit-matrix", "--input", f.toString(), "--tensor", "w", "--steps", "1");
  }

  @FunctionalInterface
  interface FileEdit {
    void edit(Path file) throws IOException;
  }

  private static Case officialCase(String name, String file, FileEdit edit, String... mentions) {
    return new Case(
        name,
        dir -> {
          Path from = dir.resolve("official");
          copyTree(official, from);
          edit.edit(from.resolve(file));
          return new Input(
              from.resolve(file),
              "zoo",
              "import",
              "--from",
              from.toString(),
              "--out",
              dir.resolve("imported").toString());
        },
        mentions);
  }

  private static List<Long> stepsOf(Path file) throws IOException {
    return Arrays.stream(Npy.read(file).toLongArray()).boxed().toList();
  }

  /** Edits the step column of num_step_correct.npy ([run, step, accepted] rows, flattened). */
  private static void editSteps(Path file, Consumer<long[]> editSteps) throws IOException {
    NpyArray a = Npy.read(file);
    long[] flat = a.toLongArray();
    long[] steps = new long[flat.length / 3];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = flat[3 * i + 1];
    }
    editSteps.accept(steps);
    for (int i = 0; i < steps.length; i++) {
      flat[3 * i + 1] = steps[i];
    }
    Npy.write(file, NpyArray.of(flat, a.shape()));
  }

  private static Case viewsCase(String name, String json, String... mentions) {
    return new Case(
        name,
        dir -> {
          Path f = dir.resolve("views.json");
          Files.writeString(f, json);
          return new Input(f, "multiview", "solve", "--input", f.toString());
        },
        mentions);
  }

  private static Input inspect(Path file) {
    return new Input(file, "file", "inspect", file.toString(), "--values");
  }

  private static Path write(Path dir, String name, byte[] content) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, content);
    return f;
  }

  /** A version 1.0 npy file with the given header text and {@code dataBytes} zero bytes. */
  static byte[] npy(String dict, int dataBytes) {
    byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) text.length).put(text);
    return b.array();
  }

  static byte[] safetensors(byte[] header, int dataBytes) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    return b.array();
  }

  /** A safetensors file with one float32 tensor 'w' [rows, cols] of small values and one bad. */
  private static Path weights(Path dir, float bad, int rows, int cols) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(4 * rows * cols).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < rows * cols; i++) {
      data.putFloat(i == rows * cols / 2 ? bad : 0.01f * (i % 7));
    }
    String header =
        "{\"w\":{\"dtype\":\"F32\",\"shape\":["
            + rows
            + ","
            + cols
            + "],\"data_offsets\":[0,"
            + 4 * rows * cols
            + "]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(8 + h.length + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data.array());
    return write(dir, "w.safetensors", b.array());
  }

  private static Path copyZoo(Path dir) throws IOException {
    Path z = dir.resolve("zoo");
    copyTree(zoo, z);
    return z;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
