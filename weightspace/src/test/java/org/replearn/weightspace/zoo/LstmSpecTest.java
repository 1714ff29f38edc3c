package org.replearn.weightspace.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.core.engine.RandomArrays;

class LstmSpecTest {

  @Test
  void parameterCountsMatchTheOfficialZoos() {
    assertEquals(13_766, LstmSpec.formalLanguages().parameterCount());
    assertEquals(15_178, LstmSpec.tiledMnist().parameterCount());
  }

  @Test
  void slotsFollowTheOfficialOrder() {
    LstmSpec spec = LstmSpec.formalLanguages();
    assertEquals(
        List.of(
            "lstm_cells.0.i2h.weight",
            "lstm_cells.0.h2h.weight",
            "lstm_cells.0.i2h.bias",
            "lstm_cells.0.h2h.bias",
            "lstm_cells.1.i2h.weight",
            "lstm_cells.1.h2h.weight",
            "lstm_cells.1.i2h.bias",
            "lstm_cells.1.h2h.bias",
            "linear.weight",
            "linear.bias"),
        spec.names());
    // W_ih_l0 [128, 6] = 768, W_hh_l0 [128, 32] = 4096, biases 128 each
    assertEquals(0, spec.slot("lstm_cells.0.i2h.weight").offset());
    assertEquals(768, spec.slot("lstm_cells.0.h2h.weight").offset());
    assertEquals(768 + 4096, spec.slot("lstm_cells.0.i2h.bias").offset());
    assertEquals(13_766 - 6 - 192, spec.slot("linear.weight").offset());
  }

  @Test
  void flattenInvertsUnflatten() {
    LstmSpec spec = LstmSpec.tiledMnist();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray flat = manager.randomUniform(-1, 1, new Shape(3, spec.parameterCount()));
      Map<String, NDArray> named = spec.unflatten(flat);
      assertEquals(new Shape(3, 128, 16), named.get("lstm_cells.0.i2h.weight").getShape());
      assertEquals(new Shape(3, 10), named.get("linear.bias").getShape());
      assertEquals(flat, spec.flatten(named));
    }
  }

  /**
   * The flat vector loaded into DJL's own LSTM block (PyTorch's fused {@code lstm} kernel) plus a
   * linear read-out gives the same outputs as {@link BatchedLstm}.
   */
  @Tag("engine")
  @Test
  void flatOrderRoundTripsThroughDjlLstm() {
    LstmSpec spec = LstmSpec.formalLanguages();
    int models = 3;
    int batch = 5;
    int steps = 7;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray flat = manager.randomUniform(-0.4f, 0.4f, new Shape(models, spec.parameterCount()));
      NDArray x = manager.randomNormal(new Shape(models, steps, batch, spec.inputSize()));
      BatchedLstm ours = BatchedLstm.fromFlat(spec, flat, manager);
      NDArray y = ours.forward(ours.prepare(manager), x);
      for (int m = 0; m < models; m++) {
        NDArray reference = djlForward(spec, flat.get(m), x.get(m).transpose(1, 0, 2), manager);
        NDArray mine = y.get(m).transpose(1, 0, 2);
        assertTrue(
            mine.allClose(reference, 1e-5, 1e-5, false),
            "model " + m + " max diff " + mine.sub(reference).abs().max().getFloat());
      }
    }
  }

  /** DJL's LSTM block with the flat vector's weights, then the linear read-out; x [B, T, X]. */
  static NDArray djlForward(LstmSpec spec, NDArray flat, NDArray x, NDManager manager) {
    LSTM block =
        LSTM.builder()
            .setStateSize(spec.hiddenSize())
            .setNumLayers(spec.layers())
            .optBatchFirst(true)
            .optReturnState(false)
            .build();
    block.initialize(manager, DataType.FLOAT32, x.getShape());
    Map<String, NDArray> named = spec.unflatten(flat);
    Pattern layer = Pattern.compile("(\\d+)");
    int set = 0;
    for (Pair<String, Parameter> p : block.getParameters()) {
      String name = p.getKey();
      Matcher mt = layer.matcher(name);
      assertTrue(mt.find(), name);
      String ours =
          "lstm_cells."
              + mt.group(1)
              + (name.contains("i2h") ? ".i2h" : ".h2h")
              + (name.toUpperCase().contains("WEIGHT") ? ".weight" : ".bias");
      NDArray value = named.get(ours);
      assertEquals(value.getShape(), p.getValue().getArray().getShape(), name);
      p.getValue().getArray().set(value.toFloatArray());
      set++;
    }
    assertEquals(4 * spec.layers(), set);
    NDArray h = block.forward(new ParameterStore(manager, false), new NDList(x), false).head();
    return h.matMul(named.get("linear.weight").transpose()).add(named.get("linear.bias"));
  }

  /**
   * Permuting hidden units leaves outputs unchanged; permuting only rows does not (sensitivity).
   */
  @Tag("engine")
  @Test
  void hiddenUnitPermutationLeavesOutputsUnchanged() {
    LstmSpec spec = LstmSpec.tiledMnist();
    SplittableRandom rng = new SplittableRandom(7);
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] original = new float[spec.parameterCount()];
      for (int i = 0; i < original.length; i++) {
        original[i] = (float) (rng.nextDouble() - 0.5);
      }
      float[] permuted = original.clone();
      spec.permuteHiddenUnits(permuted, 0, RandomArrays.permutation(rng, spec.hiddenSize()));
      spec.permuteHiddenUnits(permuted, 1, RandomArrays.permutation(rng, spec.hiddenSize()));
      float[] broken = original.clone();
      int[] perm = RandomArrays.permutation(rng, spec.hiddenSize());
      LstmSpec.Slot bias = spec.slot("lstm_cells.1.i2h.bias");
      for (int j = 0; j < spec.hiddenSize(); j++) {
        broken[bias.offset() + j] = original[bias.offset() + perm[j]];
      }
      NDArray flat =
          manager
              .create(original)
              .reshape(1, -1)
              .concat(manager.create(permuted).reshape(1, -1))
              .concat(manager.create(broken).reshape(1, -1));
      NDArray x = manager.randomNormal(new Shape(1, 9, 4, spec.inputSize())).repeat(0, 3);
      BatchedLstm lstm = BatchedLstm.fromFlat(spec, flat, manager);
      NDArray y = lstm.forward(lstm.prepare(manager), x);
      assertTrue(y.get(1).allClose(y.get(0), 1e-5, 1e-5, false));
      assertTrue(y.get(2).sub(y.get(0)).abs().max().getFloat() > 1e-3);
      assertTrue(!java.util.Arrays.equals(original, permuted));
    }
  }
}
