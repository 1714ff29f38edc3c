package org.replearn.weightspace.encoder;

import static org.replearn.weightspace.ArrayAssertions.assertClose;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * The probing encoders batch what they can (the non-interactive core runs each layer as one fused
 * LSTM over the whole sequence, its probes are made once for all targets; the interactive core's
 * steps fuse product and bias). The oracle is the official loop written step by step as {@code
 * InteractiveEncoder.forward} does it: per probe step, u (core output or static code), probe,
 * target step, read-in, one core step of stacked LSTM cells with residual connections. The
 * embedding and every parameter's gradient must agree to 1e-5 relative in float32.
 */
@Tag("engine")
class ProbingReferenceTest {
  private static final LstmSpec TINY = new LstmSpec(3, 4, 2, 3);

  @ParameterizedTest
  @CsvSource({"true, true", "false, true", "true, false", "false, false"})
  void batchedLoopEqualsTheStepByStepLoop(boolean interactive, boolean tokenProbes) {
    ProbingConfig config = new ProbingConfig(interactive, 5, 2, tokenProbes, 8, 2, 6, 5, 4);
    try (NDManager manager = NDManager.newBaseManager();
        ProbingEncoder encoder =
            new ProbingEncoder(TINY, config, manager, DataType.FLOAT32, new SplittableRandom(7))) {
      NDArray flat =
          TestWeights.stack(manager, TestWeights.randomRows(TINY, 3, 8), DataType.FLOAT32);
      NDArray direction = manager.randomNormal(new Shape(3, config.embeddingSize()));
      Result fast = run(encoder, flat, direction, false);
      Result reference = run(encoder, flat, direction, true);
      assertClose(reference.z, fast.z, "z");
      List<String> names = new ArrayList<>(encoder.parameters().asMap().keySet());
      for (int p = 0; p < names.size(); p++) {
        assertClose(reference.gradients.get(p), fast.gradients.get(p), names.get(p));
      }
    }
  }

  private record Result(float[] z, List<float[]> gradients) {}

  /** z and the gradients of sum(z * direction), copied out; the gradients are then zeroed. */
  private static Result run(
      ProbingEncoder encoder, NDArray flat, NDArray direction, boolean reference) {
    ParameterStore store = encoder.parameters();
    try (NDManager scope = flat.getManager().newSubManager()) {
      scope.tempAttachAll(store.asNDList());
      NDArray copy = flat.duplicate();
      copy.attach(scope);
      LstmWeights weights = LstmWeights.fromFlat(TINY, copy);
      NDArray z;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        z = reference ? stepByStep(encoder, weights) : encoder.encode(weights);
        collector.backward(z.mul(direction).sum());
      }
      List<NDArray> grads = Gradients.of(store.list(), scope);
      List<float[]> copies = FiniteGradients.copyAndZero(grads);
      return new Result(z.toFloatArray(), copies);
    }
  }

  /** The official loop, one probe step and one core step at a time, from the stored parameters. */
  private static NDArray stepByStep(ProbingEncoder encoder, LstmWeights weights) {
    ProbingConfig config = encoder.config();
    ParameterStore store = encoder.parameters();
    int batch = weights.batchSize();
    int m = config.parallelProbes();
    int hidden = config.coreHidden();
    NDManager manager = weights.flat().getManager();
    TargetLstm target = new TargetLstm(weights);
    TargetLstm.State targetState = target.zeroState(manager, batch, m);
    NDArray[] h = new NDArray[config.coreLayers()];
    NDArray[] c = new NDArray[config.coreLayers()];
    for (int l = 0; l < h.length; l++) {
      h[l] = manager.zeros(new Shape(batch, hidden));
      c[l] = manager.zeros(new Shape(batch, hidden));
    }
    NDArray out = coreStep(store, store.get("bos").broadcast(batch, hidden), h, c);
    for (int p = 0; p < config.probeLength(); p++) {
      NDArray u =
          config.interactive()
              ? out
              : store.get("static_codes").get("{}:{}", p, p + 1).broadcast(batch, hidden);
      NDArray codes =
          Activation.relu(linear(store, "proj_up", u)).reshape(batch * m, config.encodingSize());
      NDArray decoded =
          linear(store, "probe_decoder.1", Activation.relu(linear(store, "probe_decoder.0", codes)))
              .reshape(batch, m, TINY.inputSize());
      NDArray probe = config.tokenProbes() ? decoded.softmax(2) : Activation.sigmoid(decoded);
      NDArray answer = target.step(probe, targetState);
      NDArray readIn = Activation.sigmoid(linear(store, "probe_output", answer.reshape(batch, -1)));
      out = coreStep(store, readIn, h, c);
    }
    out = coreStep(store, store.get("eos").broadcast(batch, hidden), h, c);
    return linear(store, "output.1", Activation.relu(linear(store, "output.0", out)));
  }

  /** One step of the stacked residual LSTM cells, gates (i, f, g, o). */
  private static NDArray coreStep(ParameterStore store, NDArray input, NDArray[] h, NDArray[] c) {
    NDArray x = input;
    for (int l = 0; l < h.length; l++) {
      String name = "core." + l + ".";
      NDArray gates =
          x.matMul(store.get(name + "weight_ih"))
              .add(store.get(name + "bias_ih"))
              .add(h[l].matMul(store.get(name + "weight_hh")))
              .add(store.get(name + "bias_hh"));
      NDList parts = gates.split(4, 1);
      c[l] =
          Activation.sigmoid(parts.get(1))
              .mul(c[l])
              .add(Activation.sigmoid(parts.get(0)).mul(parts.get(2).tanh()));
      h[l] = Activation.sigmoid(parts.get(3)).mul(c[l].tanh());
      x = h[l].add(x);
    }
    return x;
  }

  private static NDArray linear(ParameterStore store, String name, NDArray x) {
    return x.matMul(store.get(name + ".weight")).add(store.get(name + ".bias"));
  }
}
