package org.replearn.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;

class JsonFileTest {
  @TempDir Path dir;

  record Point(int x, double y, String name, List<Long> tags) {}

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("p.json"), text);
  }

  private String error(String text) throws Exception {
    Path f = file(text);
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> JsonFile.bind(f, Point.class));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void bindsAValidRecord() throws Exception {
    Point p =
        JsonFile.bind(file("{\"x\": 3, \"y\": 0.5, \"name\": \"a\", \"tags\": [1]}"), Point.class);
    assertEquals(new Point(3, 0.5, "a", List.of(1L)), p);
  }

  @Test
  void bindingRequiresEveryFieldWithItsType() throws Exception {
    assertTrue(error("{\"y\": 0.5, \"name\": \"a\", \"tags\": []}").contains("'x'"));
    assertTrue(error("{\"x\": null, \"y\": 0.5, \"name\": \"a\", \"tags\": []}").contains("x"));
    assertTrue(error("{\"x\": 2.5, \"y\": 0.5, \"name\": \"a\", \"tags\": []}").contains("x"));
    assertTrue(error("{\"x\": \"2\", \"y\": 0.5, \"name\": \"a\", \"tags\": []}").contains("x"));
    assertTrue(
        error("{\"x\": 2, \"y\": 0.5, \"name\": \"a\", \"tags\": [], \"z\": 1}").contains("z"));
    assertTrue(
        error("{\"x\": 2, \"y\": 0.5, \"name\": \"a\", \"tags\": [1.5]}").contains("tags[0]"));
    assertTrue(error("{\"x\": 2, \"y\": 0.5, \"name\": \"a\", \"tags\": []} {}").contains("JSON"));
  }

  @Test
  void nodesNameTheFieldPathRuleAndValue() throws Exception {
    JsonFile.Node root =
        JsonFile.parse(
            dir.resolve("i.json"),
            "{\"rows\": [{\"m\": -1, \"s\": \"a\\nb\"}]}".getBytes(StandardCharsets.UTF_8));
    JsonFile.Node row = root.get("rows").elements().get(0);
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> row.get("m").intValue(0, 9));
    assertEquals(
        dir.resolve("i.json") + ": rows[0].m must be an integer in [0, 9], found -1",
        e.getMessage());
    e = assertThrows(CorruptFileException.class, () -> row.get("s").oneOf(Map.of("x", 1)));
    assertEquals(
        dir.resolve("i.json") + ": rows[0].s must be one of [x], found \"a\\nb\"", e.getMessage());
    e = assertThrows(CorruptFileException.class, () -> row.get("t"));
    assertEquals(
        dir.resolve("i.json") + ": rows[0].t is required, found no such field", e.getMessage());
  }

  @Test
  void refusesMalformedUtf8AndTrailingContent() throws Exception {
    Path f = dir.resolve("bad.json");
    Files.write(f, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'});
    assertTrue(
        assertThrows(CorruptFileException.class, () -> JsonFile.read(f))
            .getMessage()
            .endsWith("is not valid UTF-8 text"));
    Path g = file("{} \u0000");
    assertTrue(
        assertThrows(CorruptFileException.class, () -> JsonFile.read(g))
            .getMessage()
            .contains("is not valid JSON"));
  }
}
