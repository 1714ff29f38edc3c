package org.replearn.weightspace.emulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.LstmWeights;
import org.replearn.weightspace.encoder.ParameterTransformerEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Gradients must not depend on whether the JVM collects garbage between the forward and the
 * backward pass. DJL wraps a Java number ({@code x.mul(0.5)}) in a Java-owned buffer that nothing
 * holds after the op, while autograd keeps it for the backward pass of {@code mul} and {@code div};
 * after a collection the freed memory is reused. The test runs each computation twice, once plainly
 * and once with a collection between forward and backward followed by many small direct buffers
 * filled with NaN (which take over freed small blocks), and requires the same gradients bit for
 * bit. With {@code mul(0.5)} in the TV loss the second run gives NaN.
 */
@Tag("engine")
class CollectionBeforeBackwardTest {
  private static final LstmSpec LAYOUT = new LstmSpec(6, 4, 2, 6);

  @Test
  void totalVariationGradientSurvivesACollection() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.randomNormal(new Shape(4, 3, 6));
      NDArray targets = manager.randomNormal(new Shape(4, 3, 6)).softmax(2);
      Function<Boolean, float[]> gradient =
          collect -> {
            try (NDManager scope = manager.newSubManager()) {
              NDArray x = logits.duplicate();
              x.attach(scope);
              x.setRequiresGradient(true);
              try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = EmulationLoss.TOTAL_VARIATION.perModel(x, targets).mean();
                List<ByteBuffer> poison = collect ? collectAndPoison() : List.of();
                collector.backward(loss);
                poison.size();
              }
              return x.getGradient().toFloatArray();
            }
          };
      float[] plain = gradient.apply(false);
      for (int repeat = 0; repeat < 3; repeat++) {
        assertArrayEquals(plain, gradient.apply(true), 0f, "repeat " + repeat);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.1f})
  void parameterTransformerGradientSurvivesACollection(float dropout) {
    try (NDManager manager = NDManager.newBaseManager();
        ParameterTransformerEncoder encoder = SmallTransformer.create(LAYOUT, manager, dropout)) {
      encoder.setTraining(true);
      NDArray flat = manager.randomNormal(new Shape(3, LAYOUT.parameterCount())).muli(0.3f);
      Function<Boolean, List<float[]>> gradients =
          collect -> {
            try (NDManager scope = manager.newSubManager()) {
              scope.tempAttachAll(encoder.parameters().asNDList());
              NDArray copy = flat.duplicate();
              copy.attach(scope);
              Engine.getInstance().setRandomSeed(3); // the same dropout masks in both runs
              try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = encoder.embed(LstmWeights.fromFlat(LAYOUT, copy));
                List<ByteBuffer> poison = collect ? collectAndPoison() : List.of();
                collector.backward(z.sum());
                poison.size();
              }
              List<NDArray> grads = Gradients.of(encoder.parameters().list(), scope);
              List<float[]> copies = new ArrayList<>();
              for (NDArray g : grads) {
                copies.add(g.toFloatArray());
              }
              Gradients.zero(grads);
              return copies;
            }
          };
      List<float[]> plain = gradients.apply(false);
      List<float[]> collected = gradients.apply(true);
      List<String> names = List.copyOf(encoder.parameters().asMap().keySet());
      for (int p = 0; p < plain.size(); p++) {
        assertArrayEquals(plain.get(p), collected.get(p), 0f, names.get(p));
      }
    }
  }

  /**
   * Collects garbage (letting the cleaner free unreachable direct buffers), then allocates many
   * small direct buffers filled with NaN, returned so that they stay allocated.
   */
  private static List<ByteBuffer> collectAndPoison() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<ByteBuffer> poison = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int size = 4 << (i % 3);
      ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
      while (b.remaining() >= 4) {
        b.putFloat(Float.NaN);
      }
      poison.add(b);
    }
    return poison;
  }
}
