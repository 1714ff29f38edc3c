package org.replearn.multiview.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.replearn.core.InvalidInputException;
import org.replearn.multiview.loss.MultiViewLossKind;

class MultiViewSpecTest {

  @Test
  void namesParseToEnumsAndPrintAsTheyParse() {
    for (MultiViewDataset d : MultiViewDataset.values()) {
      assertEquals(d, MultiViewDataset.parse(d.toString()));
    }
    for (MultiViewLossKind k : MultiViewLossKind.values()) {
      assertEquals(k, MultiViewLossKind.parse(k.id()));
    }
    assertEquals("fashion-mnist", MultiViewDataset.FASHION_MNIST.id());
    assertEquals("infonce-pwe", MultiViewLossKind.INFONCE_PWE.id());
  }

  @Test
  void unknownNamesAreRefusedWithTheAllowedOnes() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MultiViewLossKind.parse("simclr"));
    assertEquals(
        "loss must be one of [m3g, infonce-pwe, infonce-ave], found simclr", e.getMessage());
    e = assertThrows(InvalidInputException.class, () -> MultiViewDataset.parse("cifar10"));
    assertEquals(
        "dataset must be one of [mnist, fashion-mnist, synthetic], found cifar10", e.getMessage());
  }

  @Test
  void theBuilderNeedsADataSetAndKeepsTheManifestNames() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> MultiViewRun.Spec.builder().build());
    assertEquals("dataset must be set, found nothing", e.getMessage());
    MultiViewRun.Spec spec =
        MultiViewRun.Spec.builder()
            .setDataset(MultiViewDataset.FASHION_MNIST)
            .optLoss(MultiViewLossKind.INFONCE_AVE)
            .build();
    assertEquals("fashion-mnist", spec.asMap().get("dataset"));
    assertEquals("infonce-ave", spec.asMap().get("loss"));
  }

  @Test
  void theM3gBudgetErrorNamesBatchAndViews() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                MultiViewRun.Spec.builder()
                    .setDataset(MultiViewDataset.SYNTHETIC)
                    .optTraining(MultiViewTrainer.Config.builder().optBatch(64).optViews(6).build())
                    .build());
    assertEquals("batch ^ views", e.input());
    assertTrue(e.getMessage().endsWith("found 64^6"), e.getMessage());
  }
}
