package org.replearn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IdEnumTest {
  enum Kind implements IdEnum {
    M3G,
    INFONCE_PWE;

    @JsonCreator
    static Kind parse(String id) {
      return EnumIds.parse(Kind.class, "loss", id);
    }
  }

  record Holder(Kind loss) {}

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void jacksonWritesTheIdAndReadsItBack() throws Exception {
    assertEquals("infonce-pwe", Kind.INFONCE_PWE.id());
    String json = mapper.writeValueAsString(new Holder(Kind.INFONCE_PWE));
    assertEquals("{\"loss\":\"infonce-pwe\"}", json);
    assertEquals(new Holder(Kind.INFONCE_PWE), mapper.readValue(json, Holder.class));
    assertEquals(Kind.M3G, mapper.readValue("\"m3g\"", Kind.class));
  }

  @Test
  void jacksonRefusesAnUnknownIdWithTheParseError() {
    JsonMappingException e =
        assertThrows(
            JsonMappingException.class,
            () -> mapper.readValue("{\"loss\":\"simclr\"}", Holder.class));
    assertTrue(
        e.getOriginalMessage().contains("loss must be one of [m3g, infonce-pwe], found simclr"),
        e.getOriginalMessage());
  }
}
