package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.SplittableRandom;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * Probing encoders (official {@code InteractiveEncoder}): a core of stacked LSTM cells with
 * residual connections writes probe inputs, the frozen target LSTM answers them with its zoo
 * weights, and the core reads the answers back. With B targets and M parallel probes, for p =
 * 0..L-1:
 *
 * <pre>
 *   u_p     = core output o_p (interactive)  or  S[p] (non-interactive)
 *   probe_p = softmax or sigmoid( decoder( relu(W_up u_p) ) )          [B, M, X]
 *   y_p     = target(probe_p | target state)                           [B, M, Y] raw logits
 *   o_{p+1} = core( sigmoid(W_out y_p) )
 * </pre>
 *
 * starting from o_0 = core(BOS) and ending with core(EOS), so L probes and L + 2 core steps; z is
 * an MLP 256 -> 128 -> 16 of the final core output. Gradients flow through the target into the
 * probe generator. The target runs batched over weight sets ({@link TargetLstm}), so a probe step
 * costs the same few tensor ops for 1 or 64 targets.
 *
 * <p>Parameters: the official module also registers h0/c0 (never used) and, in interactive mode,
 * the static codes S (multiplied by 0); this class leaves out what has no effect. S has L rows (the
 * official L + 1st row is never read).
 */
public final class ProbingEncoder extends AbstractWeightEncoder {
  private final LstmSpec layout;
  private final ProbingConfig config;
  private final NDArray[] coreInputWeights;
  private final NDArray[] coreRecurrentWeights;
  private final NDArray[] coreInputBiases;
  private final NDArray[] coreRecurrentBiases;
  private final NDArray bos;
  private final NDArray eos;
  private final NDArray staticCodes;
  private final Linear projectUp;
  private final Mlp probeDecoder;
  private final Linear readAnswer;
  private final Mlp output;

  public ProbingEncoder(
      LstmSpec layout,
      ProbingConfig config,
      NDManager manager,
      DataType dataType,
      SplittableRandom rng) {
    super(
        config.interactive() ? EncoderKind.INTERACTIVE : EncoderKind.NONINTERACTIVE,
        manager,
        dataType);
    this.layout = layout;
    this.config = config;
    int hidden = config.coreHidden();
    int layers = config.coreLayers();
    coreInputWeights = new NDArray[layers];
    coreRecurrentWeights = new NDArray[layers];
    coreInputBiases = new NDArray[layers];
    coreRecurrentBiases = new NDArray[layers];
    double bound = 1 / Math.sqrt(hidden);
    for (int l = 0; l < layers; l++) {
      Shape w = new Shape(hidden, 4L * hidden);
      coreInputWeights[l] = store.uniform("core." + l + ".weight_ih", rng, w, bound);
      coreRecurrentWeights[l] = store.uniform("core." + l + ".weight_hh", rng, w, bound);
      coreInputBiases[l] =
          store.uniform("core." + l + ".bias_ih", rng, new Shape(4L * hidden), bound);
      coreRecurrentBiases[l] =
          store.uniform("core." + l + ".bias_hh", rng, new Shape(4L * hidden), bound);
    }
    bos = store.zeros("bos", new Shape(1, hidden));
    eos = store.zeros("eos", new Shape(1, hidden));
    staticCodes =
        config.interactive()
            ? null
            : store.normal("static_codes", rng, new Shape(config.probeLength(), hidden));
    int m = config.parallelProbes();
    projectUp = store.linear("proj_up", hidden, config.encodingSize() * m, rng);
    probeDecoder =
        new Mlp(
            store,
            "probe_decoder",
            rng,
            config.encodingSize(),
            config.mlpHidden(),
            layout.inputSize());
    readAnswer = store.linear("probe_output", layout.outputSize() * m, hidden, rng);
    output = new Mlp(store, "output", rng, hidden, config.mlpHidden(), config.embeddingSize());
  }

  /** The settings. */
  public ProbingConfig config() {
    return config;
  }

  @Override
  public NDArray encode(LstmWeights weights) {
    return run(weights, null);
  }

  /**
   * What the probing loop exchanged with the targets, step by step (the official {@code
   * diagnostics} dict, plus the core's outputs).
   *
   * @param probes probe inputs [B, M, X], one per probe step p = 0..L-1
   * @param answers the targets' raw output logits [B, M, Y], one per probe step
   * @param readIns what the core reads, sigmoid(W_out y_p) [B, coreHidden], one per probe step
   * @param coreOutputs the core's output after each of its L + 2 steps [B, coreHidden]; the last
   *     one is what the output MLP maps to z
   */
  public record Trace(NDList probes, NDList answers, NDList readIns, NDList coreOutputs) {
    /** An empty trace. */
    public Trace() {
      this(new NDList(), new NDList(), new NDList(), new NDList());
    }
  }

  /**
   * Runs the probing loop.
   *
   * @param trace receives every probe, answer, read-in and core output in order (diagnostics), or
   *     null
   * @return z, [B, embeddingSize]
   */
  public NDArray run(LstmWeights weights, Trace trace) {
    LstmWeights typed =
        LstmWeights.fromFlat(layout, weights.flat().toType(store.dataType(), false));
    NDManager manager = typed.flat().getManager();
    TargetLstm target = new TargetLstm(typed);
    TargetLstm.State targetState =
        target.zeroState(manager, typed.batchSize(), config.parallelProbes());
    NDArray last =
        config.interactive()
            ? interactive(target, targetState, manager, typed.batchSize(), trace)
            : nonInteractive(target, targetState, typed.batchSize(), trace);
    return output.apply(last);
  }

  /**
   * The interactive loop: each probe comes from the core's last output, so the core runs step by
   * step.
   *
   * @return the core's final output [B, coreHidden]
   */
  private NDArray interactive(
      TargetLstm target, TargetLstm.State targetState, NDManager manager, int batch, Trace trace) {
    int m = config.parallelProbes();
    Core core = new Core(manager, batch);
    NDArray out = core.step(bos.broadcast(batch, config.coreHidden()));
    if (trace != null) {
      trace.coreOutputs().add(out);
    }
    for (int p = 0; p < config.probeLength(); p++) {
      NDArray codes =
          Activation.relu(projectUp.apply(out)).reshape(batch * m, config.encodingSize());
      NDArray probe = decode(probeDecoder.apply(codes).reshape(batch, m, layout.inputSize()));
      NDArray answer = target.step(probe, targetState);
      NDArray readIn = Activation.sigmoid(readAnswer.apply(answer.reshape(batch, -1)));
      out = core.step(readIn);
      if (trace != null) {
        trace.probes().add(probe);
        trace.answers().add(answer);
        trace.readIns().add(readIn);
        trace.coreOutputs().add(out);
      }
    }
    out = core.step(eos.broadcast(batch, config.coreHidden()));
    if (trace != null) {
      trace.coreOutputs().add(out);
    }
    return out;
  }

  /**
   * The non-interactive loop. Its probes depend on the static codes only, and the core only reads,
   * so the same function is computed in three batched stages instead of L interleaved steps: the L
   * probes once for all targets ([L, M, X], not B identical copies), the targets' answers step by
   * step (their state carries over), then the read-ins of all L answers in one product and each
   * core layer over the whole sequence (BOS, L read-ins, EOS) as one fused LSTM ({@code lstm},
   * PyTorch's kernel), the residual added between layers.
   *
   * @return the core's final output [B, coreHidden]
   */
  private NDArray nonInteractive(
      TargetLstm target, TargetLstm.State targetState, int batch, Trace trace) {
    int m = config.parallelProbes();
    int length = config.probeLength();
    int hidden = config.coreHidden();
    int x = layout.inputSize();
    NDArray codes =
        Activation.relu(projectUp.apply(staticCodes)).reshape(length * m, config.encodingSize());
    NDArray probes = decode(probeDecoder.apply(codes).reshape(length, m, x)); // [L, M, X]
    NDList answers = new NDList(length);
    for (int p = 0; p < length; p++) {
      NDArray probe = probes.get(p).broadcast(batch, m, x);
      NDArray answer = target.step(probe, targetState);
      answers.add(answer);
      if (trace != null) {
        trace.probes().add(probe);
        trace.answers().add(answer);
      }
    }
    NDArray readIns =
        Activation.sigmoid(
            readAnswer.apply(NDArrays.stack(answers, 1).reshape(batch, length, -1))); // [B, L, H]
    NDArray sequence =
        NDArrays.concat(
            new NDList(bos.broadcast(batch, 1, hidden), readIns, eos.broadcast(batch, 1, hidden)),
            1); // [B, L + 2, H]
    NDManager manager = readIns.getManager();
    NDArray layerInput = sequence;
    for (int l = 0; l < config.coreLayers(); l++) {
      NDList state =
          new NDList(
              manager.zeros(new Shape(1, batch, hidden), store.dataType()),
              manager.zeros(new Shape(1, batch, hidden), store.dataType()));
      NDList parameters =
          new NDList(
              coreInputWeights[l].transpose(),
              coreRecurrentWeights[l].transpose(),
              coreInputBiases[l],
              coreRecurrentBiases[l]);
      NDArray h =
          layerInput
              .getNDArrayInternal()
              .lstm(layerInput, state, parameters, true, 1, 0.0, true, false, true)
              .get(0);
      layerInput = h.add(layerInput);
    }
    if (trace != null) {
      for (int p = 0; p < length; p++) {
        trace.readIns().add(readIns.get(":, {}, :", p));
      }
      for (int t = 0; t < length + 2; t++) {
        trace.coreOutputs().add(layerInput.get(":, {}, :", t));
      }
    }
    return layerInput.get(":, {}, :", length + 1);
  }

  /** The probe decoder's output as probes: a softmax over tokens or a sigmoid per entry. */
  private NDArray decode(NDArray decoded) {
    return config.tokenProbes()
        ? decoded.softmax(decoded.getShape().dimension() - 1)
        : Activation.sigmoid(decoded);
  }

  /** The stacked residual LSTM cells of the core and their state. */
  private final class Core {
    private final NDArray[] stacked;
    private final NDArray[] biases;
    private final NDArray[] h;
    private final NDArray[] c;

    Core(NDManager manager, int batch) {
      int layers = config.coreLayers();
      stacked = new NDArray[layers];
      biases = new NDArray[layers];
      h = new NDArray[layers];
      c = new NDArray[layers];
      for (int l = 0; l < layers; l++) {
        // [4H, in + H], PyTorch's layout, so that each step is one fused product and bias (linear)
        stacked[l] = coreInputWeights[l].concat(coreRecurrentWeights[l], 0).transpose();
        biases[l] = coreInputBiases[l].add(coreRecurrentBiases[l]);
        h[l] = manager.zeros(new Shape(batch, config.coreHidden()), store.dataType());
        c[l] = manager.zeros(new Shape(batch, config.coreHidden()), store.dataType());
      }
    }

    /** One core step; each cell's output is its new h plus its input (residual). */
    NDArray step(NDArray input) {
      NDArray x = input;
      for (int l = 0; l < stacked.length; l++) {
        NDArray concatenated = x.concat(h[l], 1);
        NDArray gates =
            concatenated.getNDArrayInternal().linear(concatenated, stacked[l], biases[l]).get(0);
        NDList hc = LstmCell.fromGates(gates, c[l]);
        h[l] = hc.get(0);
        c[l] = hc.get(1);
        x = h[l].add(x);
      }
      return x;
    }
  }
}
