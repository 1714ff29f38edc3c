package org.replearn.privacy.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import org.replearn.core.io.Json;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.RdpAccountant;

class ProbeConfigTest {

  private static ProbeConfig.Builder required() {
    return ProbeConfig.builder().setEpsilon(1).setDelta(1e-5).setSteps(10).setLearningRate(0.1);
  }

  @Test
  void theAccountantDefaultsToGdpForFullBatchesAndRdpForPoissonSampling() {
    assertEquals(ProbeAccountant.GDP, required().build().accountant());
    assertEquals(ProbeAccountant.RDP, required().optSamplingRate(0.1).build().accountant());
    assertEquals(
        ProbeAccountant.RDP, required().optAccountant(ProbeAccountant.RDP).build().accountant());
    assertEquals(GdpAccountant.class, required().build().newAccountant().getClass());
    assertEquals(
        RdpAccountant.class, required().optSamplingRate(0.1).build().newAccountant().getClass());
  }

  @Test
  void jsonNamesTheAccountantAsTheCommandLineDoes() throws Exception {
    ProbeConfig config = required().optSamplingRate(0.5).build();
    String json = Json.mapper().writeValueAsString(config);
    assertTrue(json.contains("\"accountant\" : \"rdp\""), json);
    assertEquals(ProbeAccountant.RDP, Json.mapper().readValue("\"rdp\"", ProbeAccountant.class));
  }

  @Test
  void accountantNamesParseAndOthersAreRefusedWithTheAllowedNames() {
    assertEquals(ProbeAccountant.RDP, ProbeAccountant.parse("rdp"));
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ProbeAccountant.parse("pld"));
    assertEquals("accountant must be one of [gdp, rdp], found pld", e.getMessage());
  }

  @Test
  void errorsNameTheBuilderSetting() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ProbeConfig.builder().setEpsilon(1).setSteps(10).setLearningRate(0.1).build());
    assertEquals("delta must be set, found nothing", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> required().optPcaDimension(-2).build());
    assertEquals("pcaDimension must be >= 0, found -2", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> required().optClipNorm(0).build());
    assertEquals("clipNorm must be finite and > 0, found 0.0", e.getMessage());
  }
}
