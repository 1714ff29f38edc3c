package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * What the probing loop reads back is the target's own answer: the answers in the trace equal a
 * plain teacher-forced run of the target LSTM over the whole probe sequence from the zero state (so
 * the target's state is carried from probe to probe, per weight set and per parallel probe), and
 * the read-ins are sigmoid(W_out y) of those answers.
 */
@Tag("engine")
class ProbingTraceTest {
  private static final LstmSpec TINY = new LstmSpec(3, 4, 2, 3);

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void answersAreATeacherForcedRunOfTheTargetOnTheProbes(boolean interactive) {
    ProbingConfig config = new ProbingConfig(interactive, 5, 2, true, 8, 2, 6, 5, 4);
    try (NDManager manager = NDManager.newBaseManager();
        ProbingEncoder encoder =
            new ProbingEncoder(TINY, config, manager, DataType.FLOAT64, new SplittableRandom(3))) {
      NDArray flat =
          TestWeights.stack(manager, TestWeights.randomRows(TINY, 3, 4), DataType.FLOAT64);
      LstmWeights weights = LstmWeights.fromFlat(TINY, flat);
      manager.tempAttachAll(encoder.parameters().asNDList());
      ProbingEncoder.Trace trace = new ProbingEncoder.Trace();
      encoder.run(weights, trace);
      assertEquals(5, trace.probes().size());
      assertEquals(5, trace.answers().size());
      assertEquals(7, trace.coreOutputs().size(), "L + 2 core steps");
      NDArray probes = NDArrays.stack(trace.probes(), 2); // [B, M, L, X]
      NDArray answers = NDArrays.stack(trace.answers(), 2); // [B, M, L, Y]
      NDArray direct = new TargetLstm(weights).run(probes);
      double gap = answers.sub(direct).abs().max().getDouble();
      assertTrue(gap < 1e-12, "answers differ from a direct run of the target by " + gap);
      // each weight set answers differently (the answers depend on the weights, not only the
      // probes)
      double spread = answers.get("0").sub(answers.get("1")).abs().max().getDouble();
      assertTrue(spread > 1e-3, "two targets gave the same answers: " + spread);
    }
  }
}
