package org.replearn.weightspace.encoder;

import ai.djl.ndarray.NDArray;
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
public final class ProbingEncoder implements WeightEncoder {
  private final LstmSpec layout;
  private final ProbingConfig config;
  private final ParameterStore store;
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
    this.layout = layout;
    this.config = config;
    this.store = new ParameterStore(manager, dataType);
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

  @Override
  public EncoderKind kind() {
    return config.interactive() ? EncoderKind.INTERACTIVE : EncoderKind.NONINTERACTIVE;
  }

  @Override
  public ParameterStore parameters() {
    return store;
  }

  /** The settings. */
  public ProbingConfig config() {
    return config;
  }

  @Override
  public NDArray encode(LstmWeights weights) {
    return run(weights, new Trace());
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
   * @param trace receives every probe, answer, read-in and core output in order (diagnostics)
   * @return z, [B, embeddingSize]
   */
  public NDArray run(LstmWeights weights, Trace trace) {
    LstmWeights typed =
        LstmWeights.fromFlat(layout, weights.flat().toType(store.dataType(), false));
    int batch = typed.batchSize();
    int m = config.parallelProbes();
    NDManager manager = typed.flat().getManager();
    TargetLstm target = new TargetLstm(typed);
    TargetLstm.State targetState = target.zeroState(manager, batch, m);
    Core core = new Core(manager, batch);
    NDArray out = core.step(bos.broadcast(batch, config.coreHidden()));
    trace.coreOutputs().add(out);
    for (int p = 0; p < config.probeLength(); p++) {
      NDArray u =
          config.interactive()
              ? out
              : staticCodes.get("{}:{}", p, p + 1).broadcast(batch, config.coreHidden());
      NDArray codes = Activation.relu(projectUp.apply(u)).reshape(batch * m, config.encodingSize());
      NDArray decoded = probeDecoder.apply(codes).reshape(batch, m, layout.inputSize());
      NDArray probe = config.tokenProbes() ? decoded.softmax(2) : Activation.sigmoid(decoded);
      NDArray answer = target.step(probe, targetState);
      NDArray readIn = Activation.sigmoid(readAnswer.apply(answer.reshape(batch, -1)));
      out = core.step(readIn);
      trace.probes().add(probe);
      trace.answers().add(answer);
      trace.readIns().add(readIn);
      trace.coreOutputs().add(out);
    }
    out = core.step(eos.broadcast(batch, config.coreHidden()));
    trace.coreOutputs().add(out);
    return output.apply(out);
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
        stacked[l] = coreInputWeights[l].concat(coreRecurrentWeights[l], 0);
        biases[l] = coreInputBiases[l].add(coreRecurrentBiases[l]);
        h[l] = manager.zeros(new Shape(batch, config.coreHidden()), store.dataType());
        c[l] = manager.zeros(new Shape(batch, config.coreHidden()), store.dataType());
      }
    }

    /** One core step; each cell's output is its new h plus its input (residual). */
    NDArray step(NDArray input) {
      NDArray x = input;
      for (int l = 0; l < stacked.length; l++) {
        NDArray gates = x.concat(h[l], 1).matMul(stacked[l]).add(biases[l]);
        NDList hc = LstmCell.fromGates(gates, c[l]);
        h[l] = hc.get(0);
        c[l] = hc.get(1);
        x = h[l].add(x);
      }
      return x;
    }
  }
}
