package org.replearn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EnumIdsTest {
  enum Kind {
    M3G,
    INFONCE_PWE
  }

  @Test
  void idsAreLowerCaseWithHyphensAndParseBack() {
    assertEquals("infonce-pwe", EnumIds.id(Kind.INFONCE_PWE));
    for (Kind k : Kind.values()) {
      assertEquals(k, EnumIds.parse(Kind.class, "loss", EnumIds.id(k)));
    }
  }

  @Test
  void anUnknownIdIsRefusedNamingTheInputAndTheAllowedIds() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> EnumIds.parse(Kind.class, "loss", "INFONCE_PWE"));
    assertEquals("loss must be one of m3g, infonce-pwe, found INFONCE_PWE", e.getMessage());
  }
}
