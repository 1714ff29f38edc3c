package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Parameter counts against the official modules ({@code modules_rnn_encoders.py}, {@code
 * modules_neural_functionals.py}) instantiated with the official {@code training_configs.py} and
 * counted with PyTorch.
 */
@Tag("engine")
class EncoderParameterCountTest {

  private static long count(EncoderKind kind, LstmSpec layout) {
    try (NDManager manager = NDManager.newBaseManager();
        WeightEncoder encoder = Encoders.official(kind, layout, manager, new SplittableRandom(0))) {
      return encoder.parameters().count();
    }
  }

  @Test
  void mechanisticEncodersMatchOfficialCounts() {
    LstmSpec fl = LstmSpec.formalLanguages();
    LstmSpec mnist = LstmSpec.tiledMnist();
    assertEquals(11_152, count(EncoderKind.STATS, fl));
    assertEquals(1_797_264, count(EncoderKind.FLAT, fl));
    assertEquals(1_978_000, count(EncoderKind.FLAT, mnist));
    assertEquals(1_276_688, count(EncoderKind.TRANSFORMER, fl));
    assertEquals(1_278_480, count(EncoderKind.TRANSFORMER, mnist));
    assertEquals(1_279_736, count(EncoderKind.DWS, fl));
    assertEquals(1_282_400, count(EncoderKind.DWS, mnist));
  }

  @Test
  void probingEncodersMatchOfficialCountsLessUnusedParameters() {
    LstmSpec fl = LstmSpec.formalLanguages();
    LstmSpec mnist = LstmSpec.tiledMnist();
    // official 1,147,030 (FL) and 1,156,512 (MNIST) include h0 and c0 (2 x 2 x 256, never read),
    // the (L + 1)-th static code row (never read) and, for the interactive encoder, all L + 1
    // static codes (multiplied by interactive weight 0).
    int unusedState = 1024;
    assertEquals(1_147_030 - unusedState - 256, count(EncoderKind.NONINTERACTIVE, fl));
    assertEquals(1_147_030 - unusedState - 23 * 256, count(EncoderKind.INTERACTIVE, fl));
    assertEquals(1_156_512 - unusedState - 256, count(EncoderKind.NONINTERACTIVE, mnist));
    assertEquals(1_156_512 - unusedState - 51 * 256, count(EncoderKind.INTERACTIVE, mnist));
  }
}
