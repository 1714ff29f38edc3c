package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.DoubleBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Gradients of a probing encoder with respect to its probe decoder, whose only path to the
 * embedding runs through the frozen target LSTM, against central finite differences in float64.
 */
@Tag("engine")
class ProbeGradientTest {
  private static final LstmSpec TINY = new LstmSpec(3, 4, 2, 3);

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void probeDecoderGradientMatchesFiniteDifferences(boolean interactive) {
    ProbingConfig config = new ProbingConfig(interactive, 3, 2, true, 8, 2, 6, 5, 4);
    float[][] rows = TestWeights.randomRows(TINY, 2, 11);
    try (NDManager manager = NDManager.newBaseManager();
        ProbingEncoder encoder =
            new ProbingEncoder(TINY, config, manager, DataType.FLOAT64, new SplittableRandom(12))) {
      NDArray flat = TestWeights.stack(manager, rows, DataType.FLOAT64);
      double[] direction = new double[2 * config.embeddingSize()];
      SplittableRandom rng = new SplittableRandom(13);
      for (int i = 0; i < direction.length; i++) {
        direction[i] = rng.nextGaussian();
      }
      NDArray parameter = encoder.parameters().get("probe_decoder.0.weight");
      double[] analytic;
      try (NDManager scope = manager.newSubManager();
          GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        scope.tempAttachAll(encoder.parameters().asNDList());
        NDArray f = objective(encoder, flat.duplicate(), direction, scope);
        collector.backward(f);
        try (NDArray g = parameter.getGradient()) {
          analytic = g.toDoubleArray();
        }
      }
      double[] values = parameter.toDoubleArray();
      double norm = 0;
      for (int i = 0; i < values.length; i++) {
        norm += analytic[i] * analytic[i];
        double h = 1e-6;
        double saved = values[i];
        values[i] = saved + h;
        double plus = evaluate(encoder, parameter, values, flat, direction, manager);
        values[i] = saved - h;
        double minus = evaluate(encoder, parameter, values, flat, direction, manager);
        values[i] = saved;
        double numeric = (plus - minus) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-7 + 1e-5 * Math.abs(numeric), "entry " + i);
      }
      parameter.set(DoubleBuffer.wrap(values));
      assertTrue(Math.sqrt(norm) > 1e-6, "probe gradient must not vanish: " + Math.sqrt(norm));
    }
  }

  private static double evaluate(
      ProbingEncoder encoder,
      NDArray parameter,
      double[] values,
      NDArray flat,
      double[] direction,
      NDManager manager) {
    parameter.set(DoubleBuffer.wrap(values));
    try (NDManager scope = manager.newSubManager()) {
      scope.tempAttachAll(encoder.parameters().asNDList());
      return objective(encoder, flat.duplicate(), direction, scope).getDouble();
    }
  }

  /** f = sum(embed(w) * r) for a fixed direction r. */
  private static NDArray objective(
      ProbingEncoder encoder, NDArray flat, double[] direction, NDManager scope) {
    flat.attach(scope);
    NDArray z = encoder.embed(LstmWeights.fromFlat(TINY, flat));
    return z.mul(scope.create(direction).reshape(z.getShape())).sum();
  }
}
