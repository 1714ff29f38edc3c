package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * In training mode (dropout 0.1, official token count and width, 2 layers) every parameter gets a
 * finite, non-zero gradient.
 */
@Tag("engine")
class ParameterTransformerTrainingTest {

  @Test
  void trainingGradientsAreFiniteAndNonZero() {
    LstmSpec layout = LstmSpec.formalLanguages();
    try (NDManager manager = NDManager.newBaseManager();
        ParameterTransformerEncoder encoder =
            new ParameterTransformerEncoder(
                layout,
                manager,
                DataType.FLOAT32,
                new SplittableRandom(0),
                128,
                2,
                2,
                512,
                0.1f,
                16)) {
      encoder.setTraining(true);
      Engine.getInstance().setRandomSeed(1);
      try (NDManager scope = manager.newSubManager()) {
        scope.tempAttachAll(encoder.parameters().asNDList());
        NDArray flat =
            TestWeights.stack(scope, TestWeights.randomRows(layout, 2, 1), DataType.FLOAT32);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          collector.backward(encoder.embed(LstmWeights.fromFlat(layout, flat)).sum());
        }
        List<String> names = List.copyOf(encoder.parameters().asMap().keySet());
        List<NDArray> gradients = Gradients.of(encoder.parameters().list(), scope);
        for (int i = 0; i < gradients.size(); i++) {
          double sum = 0;
          for (float g : gradients.get(i).toFloatArray()) {
            sum += g * g;
          }
          assertTrue(Double.isFinite(sum) && sum > 0, names.get(i) + ": squared norm " + sum);
        }
      }
    }
  }
}
