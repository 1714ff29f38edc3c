package org.replearn.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportSectionTest {

  @Test
  void appendKeepsPartsAndResultsInOrder() {
    ReportSection whole = new ReportSection("all").paragraph("intro").result("a", 1);
    ReportSection part = new ReportSection("zoo").paragraph("zoo text").result("b", 2);
    whole.append(part);
    assertEquals(
        List.of(new ReportSection.Paragraph("intro"), new ReportSection.Paragraph("zoo text")),
        whole.parts());
    assertEquals(List.of("a", "b"), List.copyOf(whole.results().keySet()));
    assertEquals("all", whole.title());
  }

  @Test
  void appendRefusesAResultKeyBothSectionsHold() {
    ReportSection whole = new ReportSection("all").result("oodRows", 1);
    ReportSection part = new ReportSection("zoo").result("oodRows", 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> whole.append(part));
    assertTrue(e.getMessage().contains("oodRows"), e.getMessage());
    assertEquals(1, whole.results().get("oodRows"));
  }
}
