package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.replearn.core.bench.Work;

/** The LSTM update's work counts against hand counts at tiny sizes. */
class LstmWorkTest {
  @Test
  void oneLayerMatchesTheHandCount() {
    // X = 2, H = 4, L = 1, Y = 3, T = 2, B = 3: N = 6 rows, G = 16 gates
    LstmSpec spec = new LstmSpec(2, 4, 1, 3);
    // P = G X + G H + 2 G + Y H + Y = 32 + 64 + 32 + 12 + 3
    assertEquals(143, spec.parameterCount());
    // products: 2 N G X 2 = 768 (no dX for the inputs), 2 N G H 3 = 2304, 6 N H Y = 432
    // gates 51 N H = 1224, log-softmax 4 N Y = 72, AdamW 14 P = 2002: 6802
    // exps: 5 N H + N Y = 120 + 18; bytes: 4 N X + 4 N + 16 P = 48 + 24 + 2288
    // divisions: 5 N H + N = 120 + 6
    assertEquals(new Work(6802, 2360, 138, 126), LstmWork.perUpdate(spec, 2, 3));
  }

  @Test
  void theSecondLayerAlsoSendsItsGradientDown() {
    // as above with L = 2: layer 1 adds 2 N G H 3 (its input H, dX included) + 2 N G H 3 = 4608,
    // gates 1224; P adds G H + G H + 2 G = 160 -> 303
    LstmSpec spec = new LstmSpec(2, 4, 2, 3);
    assertEquals(303, spec.parameterCount());
    // 768 + 2304 + 4608 + 432 + 2 * 1224 + 72 + 14 * 303 = 14874
    // exps 2 * 120 + 18 = 258; bytes 48 + 24 + 16 * 303 = 4920; divisions 2 * 120 + 6 = 246
    assertEquals(new Work(14874, 4920, 258, 246), LstmWork.perUpdate(spec, 2, 3));
  }
}
