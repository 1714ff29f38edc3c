package org.replearn.privacy.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;

@Tag("engine")
class FeatureCacheTest {

  @Test
  void roundTripsAndRefusesAFileHoldingAnotherKey(@TempDir Path dir) throws Exception {
    FeatureCache cache = FeatureCache.in(dir.resolve("cache"));
    Map<String, Object> key = Map.of("seed", 1L, "steps", 30);
    Map<String, Object> other = Map.of("seed", 2L, "steps", 30);
    // the key order does not matter, its content does
    assertEquals(cache.file("f", key), cache.file("f", Map.of("steps", 30, "seed", 1L)));
    assertNotEquals(cache.file("f", key), cache.file("f", other));
    try (NDManager m = NDManager.newBaseManager()) {
      float[] values = {1, 2, 3, 4, 5, 6};
      cache.write(
          "f", key, Map.of("x", m.create(values, new Shape(2, 3))), Map.of("note", "hello"));
      FeatureCache.Entry e = cache.read("f", key, m).orElseThrow();
      assertArrayEquals(values, e.tensors().get("x").toFloatArray());
      assertEquals(Map.of("note", "hello"), e.metadata());
      assertTrue(cache.read("f", other, m).isEmpty());
      // a file under another key's name (a hash collision, or a copy) is refused
      Files.copy(cache.file("f", key), cache.file("f", other));
      CorruptFileException wrong =
          assertThrows(CorruptFileException.class, () -> cache.read("f", other, m));
      assertTrue(wrong.getMessage().contains("holds key"), wrong.getMessage());
    }
  }
}
