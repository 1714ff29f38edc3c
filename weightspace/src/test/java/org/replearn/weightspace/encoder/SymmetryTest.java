package org.replearn.weightspace.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Hidden-unit permutation symmetry: the permutation keeps the network's function, the
 * deep-weight-space layer is equivariant to it, and the invariant encoders are invariant; each
 * check is paired with an uncoupled permutation that must be noticed.
 */
@Tag("engine")
class SymmetryTest {
  private static final LstmSpec TINY = new LstmSpec(3, 4, 2, 2);

  @Test
  void coupledPermutationKeepsTheFunctionAndUncoupledDoesNot() {
    float[][] rows = TestWeights.randomRows(TINY, 2, 1);
    int[][] coupled = TestWeights.fixedShuffle(TINY);
    int[] uncoupled = TestWeights.uncoupledMap(TINY, TestWeights.fixedShuffle(TINY)[0]);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray inputs = manager.randomNormal(new Shape(2, 3, 5, TINY.inputSize()));
      float[] reference = outputs(manager, rows, inputs);
      float[] same = outputs(manager, TestWeights.permute(TINY, rows, coupled), inputs);
      float[] other = outputs(manager, TestWeights.remap(rows, uncoupled), inputs);
      assertTrue(TestWeights.maxAbsDiff(reference, same) < 1e-5);
      assertTrue(TestWeights.maxAbsDiff(reference, other) > 1e-3);
    }
  }

  private static float[] outputs(NDManager manager, float[][] rows, NDArray inputs) {
    NDArray flat = TestWeights.stack(manager, rows, DataType.FLOAT32);
    return new TargetLstm(LstmWeights.fromFlat(TINY, flat)).run(inputs).toFloatArray();
  }

  @Test
  void npLinearLstmIsEquivariantToCoupledPermutations() {
    float[][] rows = TestWeights.randomRows(TINY, 2, 2);
    int[][] perms = TestWeights.fixedShuffle(TINY);
    float[][] permuted = TestWeights.permute(TINY, rows, perms);
    float[][] uncoupled = TestWeights.remap(rows, TestWeights.uncoupledMap(TINY, perms[0]));
    try (NDManager manager = NDManager.newBaseManager();
        ParameterStore store = new ParameterStore(manager, DataType.FLOAT32)) {
      NpLinearLstm layer = new NpLinearLstm(store, "np", TINY, 4, 5, new SplittableRandom(3));
      NDList out = layer.apply(channels(manager, rows));
      NDList outPermuted = layer.apply(channels(manager, permuted));
      NDList outUncoupled = layer.apply(channels(manager, uncoupled));
      double uncoupledGap = 0;
      for (int t = 0; t < TINY.slots().size(); t++) {
        float[] expected = permuteFeature(out.get(t), t, perms);
        float[] actual = outPermuted.get(t).toFloatArray();
        assertArrayEquals(expected, actual, 1e-5f, TINY.slots().get(t).name());
        uncoupledGap =
            Math.max(
                uncoupledGap, TestWeights.maxAbsDiff(expected, outUncoupled.get(t).toFloatArray()));
      }
      assertTrue(
          uncoupledGap > 1e-3, "uncoupled permutation must change the output: " + uncoupledGap);
    }
  }

  private static NDList channels(NDManager manager, float[][] rows) {
    return NpLinearLstm.gateChannels(
        LstmWeights.fromFlat(TINY, TestWeights.stack(manager, rows, DataType.FLOAT32)));
  }

  /**
   * Applies the hidden permutation to an output feature of tensor t (channels last): rows of layer
   * l's tensors by pi_l, columns of W_hh(l) by pi_l, columns of the next W_ih or W_lin by pi_l.
   */
  private static float[] permuteFeature(NDArray feature, int t, int[][] perms) {
    float[] data = feature.toFloatArray();
    long[] shape = feature.getShape().getShape();
    int layers = TINY.layers();
    if (t < 4 * layers) {
      int l = t / 4;
      data = permuteAxis(data, shape, 1, perms[l]);
      if (t % 4 == 1) {
        data = permuteAxis(data, shape, 2, perms[l]);
      }
      if (t % 4 == 0 && l > 0) {
        data = permuteAxis(data, shape, 2, perms[l - 1]);
      }
    } else if (t == 4 * layers) {
      data = permuteAxis(data, shape, 2, perms[layers - 1]);
    }
    return data;
  }

  /** out[..., i, ...] = in[..., pi[i], ...] along {@code axis}. */
  private static float[] permuteAxis(float[] data, long[] shape, int axis, int[] pi) {
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    int n = (int) shape[axis];
    int outer = data.length / (inner * n);
    float[] out = new float[data.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < n; i++) {
        System.arraycopy(data, (o * n + pi[i]) * inner, out, (o * n + i) * inner, inner);
      }
    }
    return out;
  }

  @Test
  void invariantEncodersIgnoreCoupledPermutationsAndNoticeUncoupledOnes() {
    LstmSpec fl = LstmSpec.formalLanguages();
    float[][] rows = TestWeights.randomRows(fl, 3, 4);
    SplittableRandom rng = new SplittableRandom(5);
    int[][] perms = HiddenPermutation.random(fl, rng);
    float[][] permuted = TestWeights.permute(fl, rows, perms);
    float[][] uncoupled = TestWeights.remap(rows, TestWeights.uncoupledMap(fl, perms[0]));
    try (NDManager manager = NDManager.newBaseManager()) {
      for (EncoderKind kind : EncoderKind.values()) {
        try (WeightEncoder encoder =
            Encoders.official(kind, fl, manager, new SplittableRandom(6))) {
          float[] z = embed(encoder, fl, manager, rows);
          float[] zPermuted = embed(encoder, fl, manager, permuted);
          float[] zUncoupled = embed(encoder, fl, manager, uncoupled);
          double permutedGap = TestWeights.maxAbsDiff(z, zPermuted);
          double uncoupledGap = TestWeights.maxAbsDiff(z, zUncoupled);
          if (kind.permutationAugmentation()) {
            assertTrue(permutedGap > 1e-4, kind + " is not invariant: " + permutedGap);
          } else {
            assertTrue(permutedGap < 2e-5, kind + " must be invariant, gap " + permutedGap);
          }
          if (kind != EncoderKind.STATS) { // statistics ignore any order within a tensor
            assertTrue(uncoupledGap > 1e-4, kind + " must notice, gap " + uncoupledGap);
          }
        }
      }
    }
  }

  private static float[] embed(
      WeightEncoder encoder, LstmSpec layout, NDManager manager, float[][] rows) {
    return Encoders.embed(encoder, layout, TestWeights.stack(manager, rows, DataType.FLOAT32));
  }
}
