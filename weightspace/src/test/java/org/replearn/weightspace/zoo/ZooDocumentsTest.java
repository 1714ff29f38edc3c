package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.replearn.core.CorruptFileException;
import org.replearn.core.io.Json;

class ZooDocumentsTest {
  @TempDir Path dir;

  private ZooStore storeWithIndex(ObjectNode index) throws Exception {
    ZooStore store = new ZooStore(dir);
    store.writeSpec(ZooFilesFuzzTest.spec());
    Files.writeString(dir.resolve(ZooStore.INDEX), Json.compact(index));
    return store;
  }

  private static ObjectNode indexJson() {
    return Json.mapper().valueToTree(ZooFilesFuzzTest.index());
  }

  @Test
  void specAndIndexRoundTrip() throws Exception {
    ZooStore store = storeWithIndex(indexJson());
    // (TrainingRecipe holds arrays, so records are compared through their JSON)
    assertEquals(Json.compact(ZooFilesFuzzTest.spec()), Json.compact(store.readSpec()));
    ZooIndex read = store.readIndex();
    assertEquals(ZooIndex.FORMAT_VERSION, read.formatVersion());
    assertEquals(6, read.rows().size());
    assertEquals(ZooFilesFuzzTest.index().shards(), read.shards());
    assertTrue(Double.isNaN(read.rows().get(0).metrics().get("finished")));
  }

  /** Zoos written before shard checksums (index version 1) are still read, without checksums. */
  @Test
  void readsIndexVersionOneWithoutChecksums() throws Exception {
    ObjectNode v1 = indexJson();
    v1.put("formatVersion", 1);
    v1.remove("shards");
    ZooIndex read = storeWithIndex(v1).readIndex();
    assertEquals(1, read.formatVersion());
    assertEquals(Map.of(), read.shards());
    assertEquals(6, read.rows().size());
  }

  @Test
  void refusesAChecksumForAShardNoRowNames() throws Exception {
    ObjectNode index = indexJson();
    ((ObjectNode) index.get("shards")).put("batch-00009-step-000000.safetensors", "0".repeat(64));
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> storeWithIndex(index).readIndex());
    assertTrue(
        e.getMessage().contains("shards.batch-00009-step-000000.safetensors"), e.getMessage());
  }

  @Test
  void refusesAShardNamedAfterAnotherStep() throws Exception {
    ObjectNode index = indexJson();
    ((ObjectNode) index.get("rows").get(0)).put("shard", "batch-00000-step-000100.safetensors");
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> storeWithIndex(index).readIndex());
    assertEquals(
        dir.resolve(ZooStore.INDEX)
            + ": rows[0].shard must be batch-00000-step-000000.safetensors (batch of model 0,"
            + " step 0), found batch-00000-step-000100.safetensors",
        e.getMessage());
  }

  /** The spec written twice gives the same bytes (its maps keep their order). */
  /** The covering task assignment of the medium-scale zoos is read back; other values are not. */
  @Test
  void readsTheCoveringTaskAssignmentAndRefusesAnUnknownOne() throws Exception {
    ObjectNode spec = Json.mapper().valueToTree(ZooFilesFuzzTest.spec());
    ((ObjectNode) spec.get("taskSettings")).put("taskAssignment", "covering");
    Files.writeString(dir.resolve(ZooStore.SPEC), Json.compact(spec));
    assertEquals("covering", new ZooStore(dir).readSpec().taskSettings().get("taskAssignment"));
    ((ObjectNode) spec.get("taskSettings")).put("taskAssignment", "sorted");
    Files.writeString(dir.resolve(ZooStore.SPEC), Json.compact(spec));
    CorruptFileException e =
        assertThrows(CorruptFileException.class, () -> new ZooStore(dir).readSpec());
    assertTrue(e.getMessage().contains("taskAssignment"), e.getMessage());
  }

  @Test
  void specBytesAreStable() throws Exception {
    byte[] a = Json.mapper().writeValueAsBytes(ZooFilesFuzzTest.spec());
    byte[] b = Json.mapper().writeValueAsBytes(ZooFilesFuzzTest.spec());
    assertEquals(new String(a, "UTF-8"), new String(b, "UTF-8"));
  }
}
