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
  void idsAreLowerCaseWithHyphensAndParseBackInAnyCase() {
    assertEquals("infonce-pwe", EnumIds.id(Kind.INFONCE_PWE));
    for (Kind k : Kind.values()) {
      assertEquals(k, EnumIds.parse(Kind.class, "loss", EnumIds.id(k)));
    }
    assertEquals(Kind.INFONCE_PWE, EnumIds.parse(Kind.class, "loss", "InfoNCE-PWE"));
  }

  @Test
  void anUnknownIdIsRefusedNamingTheInputAndTheAllowedIds() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> EnumIds.parse(Kind.class, "loss", "INFONCE_PWE"));
    assertEquals("loss must be one of [m3g, infonce-pwe], found INFONCE_PWE", e.getMessage());
    assertEquals("loss", e.input());
    e = assertThrows(InvalidInputException.class, () -> EnumIds.parse(Kind.class, "loss", null));
    assertEquals("loss must be one of [m3g, infonce-pwe], found null", e.getMessage());
  }

  @Test
  void ownIdsParseThroughTheGivenFunction() {
    assertEquals(Kind.M3G, EnumIds.parse(Kind.class, k -> k == Kind.M3G ? "g" : "p", "loss", "G"));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> EnumIds.parse(Kind.class, k -> k == Kind.M3G ? "g" : "p", "loss", "m3g"));
    assertEquals("loss must be one of [g, p], found m3g", e.getMessage());
  }
}
