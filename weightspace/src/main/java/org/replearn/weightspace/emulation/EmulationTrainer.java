package org.replearn.weightspace.emulation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.replearn.core.CorruptFileException;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.ThreadGradients;
import org.replearn.core.io.Json;
import org.replearn.core.io.JsonFile;
import org.replearn.core.io.Safetensors;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.GradientClipping;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.encoder.DropoutKeys;
import org.replearn.weightspace.encoder.HiddenPermutation;
import org.replearn.weightspace.encoder.LstmWeights;
import org.replearn.weightspace.encoder.ParameterStore;
import org.replearn.weightspace.encoder.TorchScalar;
import org.replearn.weightspace.encoder.WeightEncoder;

/**
 * Trains an encoder and an emulator together (official {@code training_script.py}, {@code
 * training_iteration}): each step draws {@code batchSize} training checkpoints and one stored
 * rollout each, embeds the weights (permuted at random for encoders that are not invariant),
 * emulates the rollout and minimises the mean per-model loss with AdamW, the gradient norms of
 * encoder and emulator clipped separately. The batch's gradients are summed over micro-batches (the
 * transformer's autograd activations for 64 checkpoints take 5 GB otherwise). Every {@code
 * evalEvery} steps it evaluates validation and OOD losses, keeps the best-validation parameters in
 * {@code best.safetensors}, and writes a checkpoint with the optimiser state. Batches depend only
 * on (seed, step), so a resumed run ends exactly where an uninterrupted one would.
 */
public final class EmulationTrainer {
  private final EmulationRun run;
  private final EmulationData data;
  private final Splits splits;
  private final Path dir;
  private final CheckpointListener listener;

  /**
   * Called after each checkpoint ({@code checkpoint.safetensors}, {@code state.json}) is written.
   */
  @FunctionalInterface
  public interface CheckpointListener {
    /**
     * @param step the step the run folder's checkpoint now holds
     */
    void afterCheckpoint(long step) throws IOException;
  }

  /**
   * @param run the run definition (written to {@code dir/run.json})
   * @param data the zoo
   * @param splits rows of each split
   * @param dir the run folder
   */
  public EmulationTrainer(EmulationRun run, EmulationData data, Splits splits, Path dir) {
    this(run, data, splits, dir, step -> {});
  }

  /** As {@link #EmulationTrainer(EmulationRun, EmulationData, Splits, Path)}, with a listener. */
  public EmulationTrainer(
      EmulationRun run, EmulationData data, Splits splits, Path dir, CheckpointListener listener) {
    this.run = run;
    this.data = data;
    this.splits = splits;
    this.dir = dir;
    this.listener = listener;
  }

  /**
   * Trains to {@code config.steps()}.
   *
   * @param resume continue from the folder's checkpoint if there is one
   */
  public EmulationResult train(NDManager manager, boolean resume) throws IOException {
    EmulationConfig config = run.config();
    if (resume && Files.exists(dir.resolve(EmulationRun.FILE))) {
      EmulationRun saved = EmulationRun.read(dir);
      if (!saved.equals(run)) {
        throw new CorruptFileException(
            dir.resolve(EmulationRun.FILE),
            "describes another run than the one requested: " + saved);
      }
    }
    run.write(dir);
    try (WeightEncoder encoder = run.newEncoder(manager);
        Emulator emulator = run.newEmulator(manager);
        Progress progress =
            Progress.start("emulation " + run.encoder().cliName(), config.steps())) {
      try (AdamW adam = newAdam(encoder, emulator)) {
        State state = resume ? restore(encoder, emulator, adam, manager) : new State();
        progress.step(state.step);
        double trainSum = 0;
        int trainCount = 0;
        long trainNanos = 0;
        long trainCpuNanos = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startStep = state.step;
        NDList attached = allParameters(encoder, emulator);
        if (state.step == 0) {
          // the official loop also evaluates before the first update (step % 1000 == 0)
          int[] someTrain =
              java.util.Arrays.copyOf(
                  splits.train(), Math.min(splits.train().length, 4 * config.batchSize()));
          evaluateAndKeepBest(
              encoder, emulator, state, evaluate(encoder, emulator, someTrain, manager));
        }
        while (state.step < config.steps()) {
          long t0 = System.nanoTime();
          long cpu0 = threads.getCurrentThreadCpuTime();
          try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(attached);
            trainSum += step(encoder, emulator, adam, state.step, scope);
            trainCount++;
          }
          trainNanos += System.nanoTime() - t0;
          trainCpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
          state.step++;
          progress.step(1);
          if (state.step % config.evalEvery() == 0 || state.step == config.steps()) {
            double validation =
                evaluateAndKeepBest(encoder, emulator, state, trainSum / trainCount);
            progress.status(String.format(java.util.Locale.ROOT, "val %.4f", validation));
            trainSum = 0;
            trainCount = 0;
            checkpoint(encoder, emulator, adam, state);
          }
        }
        EmulationResult.Evaluation last =
            state.history.isEmpty() ? null : state.history.get(state.history.size() - 1);
        long done = state.step - startStep;
        return new EmulationResult(
            state.step,
            state.bestStep,
            state.bestValidation,
            state.oodAtBest,
            last == null ? Double.NaN : last.trainLoss(),
            done == 0 ? Double.NaN : done / (trainNanos / 1e9),
            done == 0 ? Double.NaN : trainCpuNanos / 1e6 / done,
            List.copyOf(state.history));
      }
    }
  }

  /** Evaluates validation and OOD losses, records them, keeps the best parameters. */
  private double evaluateAndKeepBest(
      WeightEncoder encoder, Emulator emulator, State state, double trainLoss) throws IOException {
    NDManager manager = encoder.parameters().manager();
    double validation = evaluate(encoder, emulator, splits.validation(), manager);
    double ood = evaluate(encoder, emulator, splits.ood(), manager);
    state.history.add(new EmulationResult.Evaluation(state.step, trainLoss, validation, ood));
    double score = Double.isNaN(validation) ? -state.step : validation;
    if (state.bestStep < 0 || score < state.bestScore) {
      state.bestScore = score;
      state.bestStep = state.step;
      state.bestValidation = validation;
      state.oodAtBest = ood;
      writeParameters(dir.resolve(EmulationRun.BEST), encoder, emulator, null);
    }
    return validation;
  }

  /** One optimiser step; returns the batch's mean loss. */
  double step(WeightEncoder encoder, Emulator emulator, AdamW adam, long step, NDManager scope) {
    EmulationConfig config = run.config();
    SplittableRandom rng = run.seeds().child("batch").child(step).random();
    int[] train = splits.train();
    int b = config.batchSize();
    int[] rows = new int[b];
    if (train.length >= b) {
      int[] order = RandomArrays.permutation(rng, train.length);
      for (int i = 0; i < b; i++) {
        rows[i] = train[order[i]];
      }
    } else {
      for (int i = 0; i < b; i++) {
        rows[i] = train[rng.nextInt(train.length)];
      }
    }
    int[] rollouts = new int[b];
    for (int i = 0; i < b; i++) {
      rollouts[i] = rng.nextInt(data.rollouts(rows[i]));
    }
    int[][] permutation =
        encoder.wantsPermutationAugmentation()
            ? HiddenPermutation.random(data.layout(), rng)
            : null;
    double loss;
    // dropout (transformer) keys seeded per step, on this thread only
    encoder.setTraining(true);
    try (DropoutKeys keys = DropoutKeys.seeded(run.seeds().child("dropout").child(step).seed())) {
      loss = accumulateGradients(encoder, emulator, rows, rollouts, permutation, scope);
    } finally {
      encoder.setTraining(false);
    }
    List<NDArray> encoderGrads = Gradients.of(encoder.parameters().list(), scope);
    List<NDArray> emulatorGrads = Gradients.of(emulator.parameters().list(), scope);
    GradientClipping.clipByGlobalNorm(encoderGrads, config.clipNorm());
    GradientClipping.clipByGlobalNorm(emulatorGrads, config.clipNorm());
    List<NDArray> grads = new ArrayList<>(encoderGrads);
    grads.addAll(emulatorGrads);
    // core AdamW makes some temporaries in its moments' manager; attaching the moments to this
    // step's scope frees them with it (reported to the foundation owner)
    scope.tempAttachAll(new NDList(adam.state()));
    adam.step(grads, config.learningRate());
    Gradients.zero(grads);
    return loss;
  }

  /**
   * Adds to the parameters' gradients those of the batch's mean per-model loss {@code (1/B) sum_i
   * L_i}, computed in micro-batches of {@link EmulationConfig#microBatchFor} checkpoints: each
   * micro-batch's forward pass, backward pass and temporaries live in a scope of their own, so the
   * step holds one micro-batch's activations at a time. The loss is a sum over checkpoints (no
   * batch statistics), so the summed gradients are those of the whole batch at once, up to the
   * order of floating-point additions.
   *
   * @param permutation hidden-unit permutations applied to every checkpoint, or null
   * @return the batch's mean loss
   */
  double accumulateGradients(
      WeightEncoder encoder,
      Emulator emulator,
      int[] rows,
      int[] rollouts,
      int[][] permutation,
      NDManager scope) {
    int b = rows.length;
    int micro = run.config().microBatchFor(encoder.kind());
    NDList attached = allParameters(encoder, emulator);
    double loss = 0;
    for (int from = 0; from < b; from += micro) {
      int to = Math.min(b, from + micro);
      try (NDManager part = scope.newSubManager()) {
        part.tempAttachAll(attached);
        EmulationBatch batch =
            EmulationBatch.of(
                data,
                Arrays.copyOfRange(rows, from, to),
                Arrays.copyOfRange(rollouts, from, to),
                permutation,
                part);
        try (GradientCollector collector = ThreadGradients.open()) {
          NDArray perModel = lossPerModel(encoder, emulator, batch, batch.weights());
          NDArray share = perModel.sum().div(TorchScalar.of(perModel, b));
          collector.backward(share);
          loss += share.getFloat();
        }
      }
    }
    return loss;
  }

  /**
   * Per-model loss of emulating {@code batch}'s rollouts from the embeddings of {@code weights}.
   */
  private NDArray lossPerModel(
      WeightEncoder encoder, Emulator emulator, EmulationBatch batch, NDArray weights) {
    NDArray z = encoder.embed(LstmWeights.fromFlat(data.layout(), weights));
    NDArray logits = emulator.forward(batch.inputs(), z);
    return run.config().loss().perModel(logits, batch.targets());
  }

  /**
   * Mean per-model emulation loss over (at most {@code evalRows} of) {@code rows}, with a fixed
   * rollout per row; NaN for an empty split.
   */
  public double evaluate(WeightEncoder encoder, Emulator emulator, int[] rows, NDManager manager) {
    return evaluate(encoder, emulator, rows, manager, false);
  }

  /**
   * As {@link #evaluate(WeightEncoder, Emulator, int[], NDManager)}; with {@code
   * mismatchedEmbeddings} each row's rollout is emulated from the embedding of the next evaluated
   * row (cyclically): the gap between the two losses is what the embedding tells the emulator.
   */
  public double evaluate(
      WeightEncoder encoder,
      Emulator emulator,
      int[] rows,
      NDManager manager,
      boolean mismatchedEmbeddings) {
    int limit =
        run.config().evalRows() == 0 ? rows.length : Math.min(rows.length, run.config().evalRows());
    if (limit == 0) {
      return Double.NaN;
    }
    Seeds evalSeeds = run.seeds().child("eval");
    double sum = 0;
    NDList attached = allParameters(encoder, emulator);
    for (int from = 0; from < limit; from += run.config().batchSize()) {
      int to = Math.min(limit, from + run.config().batchSize());
      int[] chunk = Arrays.copyOfRange(rows, from, to);
      int[] rollouts = new int[chunk.length];
      int[] embedded = new int[chunk.length];
      for (int i = 0; i < chunk.length; i++) {
        rollouts[i] = evalSeeds.child(chunk[i]).random().nextInt(data.rollouts(chunk[i]));
        embedded[i] = mismatchedEmbeddings ? rows[(from + i + 1) % limit] : chunk[i];
      }
      try (NDManager scope = manager.newSubManager()) {
        scope.tempAttachAll(attached);
        EmulationBatch batch = EmulationBatch.of(data, chunk, rollouts, null, scope);
        NDArray weights =
            mismatchedEmbeddings
                ? EmulationBatch.of(data, embedded, rollouts, null, scope).weights()
                : batch.weights();
        sum += lossPerModel(encoder, emulator, batch, weights).sum().getFloat();
      }
    }
    return sum / limit;
  }

  /** Mutable progress of a run, saved in {@code state.json}. */
  static final class State {
    long step;
    long bestStep = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    double bestValidation = Double.NaN;
    double oodAtBest = Double.NaN;
    List<EmulationResult.Evaluation> history = new ArrayList<>();

    /** What {@code state.json} holds: this progress and the optimizer's step count. */
    StateFile toFile(long adamSteps) {
      return new StateFile(
          step, bestStep, bestScore, bestValidation, oodAtBest, history, adamSteps);
    }
  }

  /**
   * {@code state.json}, in this key order.
   *
   * @param step steps done
   * @param bestStep the step of the best validation score so far, -1 before the first evaluation
   * @param bestScore that score
   * @param bestValidationLoss the validation loss at that step
   * @param oodLossAtBest the out-of-distribution loss at that step
   * @param history every evaluation so far
   * @param adamSteps the optimizer's step count
   */
  record StateFile(
      long step,
      long bestStep,
      double bestScore,
      double bestValidationLoss,
      double oodLossAtBest,
      List<EmulationResult.Evaluation> history,
      long adamSteps) {}

  private void checkpoint(WeightEncoder encoder, Emulator emulator, AdamW adam, State state)
      throws IOException {
    writeParameters(dir.resolve(EmulationRun.CHECKPOINT), encoder, emulator, adam);
    Json.write(dir.resolve(EmulationRun.STATE), state.toFile(adam.steps()));
    listener.afterCheckpoint(state.step);
  }

  private static void writeParameters(
      Path file, WeightEncoder encoder, Emulator emulator, AdamW adam) throws IOException {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    put(tensors, "encoder.", encoder.parameters());
    put(tensors, "emulator.", emulator.parameters());
    if (adam != null) {
      List<NDArray> moments = adam.state();
      for (int i = 0; i < moments.size(); i++) {
        tensors.put("adam." + i, moments.get(i));
      }
    }
    Safetensors.write(file, tensors);
  }

  private static void put(Map<String, NDArray> tensors, String prefix, ParameterStore store) {
    for (Map.Entry<String, NDArray> e : store.asMap().entrySet()) {
      tensors.put(prefix + e.getKey(), e.getValue());
    }
  }

  private State restore(WeightEncoder encoder, Emulator emulator, AdamW adam, NDManager manager)
      throws IOException {
    Path stateFile = dir.resolve(EmulationRun.STATE);
    if (!Files.exists(stateFile)) {
      return new State();
    }
    State state = new State();
    try {
      JsonFile.Node json =
          JsonFile.read(stateFile)
              .only(
                  java.util.Set.of(
                      "step",
                      "bestStep",
                      "bestScore",
                      "bestValidationLoss",
                      "oodLossAtBest",
                      "history",
                      "adamSteps"));
      state.step = json.get("step").longValue(0, Long.MAX_VALUE);
      state.bestStep = json.get("bestStep").longValue(-1, state.step);
      state.bestScore = json.get("bestScore").doubleOrNonFinite();
      state.bestValidation = json.get("bestValidationLoss").doubleOrNonFinite();
      state.oodAtBest = json.get("oodLossAtBest").doubleOrNonFinite();
      state.history =
          new ArrayList<>(
              json.get("history").bind(new TypeReference<List<EmulationResult.Evaluation>>() {}));
      long adamSteps = json.get("adamSteps").longValue(0, Long.MAX_VALUE);
      try (NDManager scope = manager.newSubManager()) {
        Map<String, NDArray> saved = Safetensors.read(dir.resolve(EmulationRun.CHECKPOINT), scope);
        encoder.parameters().load(saved, "encoder.");
        emulator.parameters().load(saved, "emulator.");
        List<NDArray> moments = new ArrayList<>();
        for (int i = 0; i < adam.state().size(); i++) {
          NDArray m = saved.get("adam." + i);
          if (m == null) {
            throw new CorruptFileException(dir.resolve(EmulationRun.CHECKPOINT), "lacks adam." + i);
          }
          moments.add(m);
        }
        adam.restore(moments, adamSteps);
      }
    } catch (InvalidInputException e) {
      throw e; // already names the file
    } catch (RuntimeException e) {
      throw new CorruptFileException(
          stateFile, "unreadable training state (" + e.getMessage() + ")", e);
    }
    return state;
  }

  private static double toDouble(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The encoder's and the emulator's parameters, to attach to each step's scope. */
  static NDList allParameters(WeightEncoder encoder, Emulator emulator) {
    return encoder.parameters().asNDList().addAll(emulator.parameters().asNDList());
  }

  /**
   * AdamW of the official recipe (beta1 0.9, beta2 0.999, eps 1e-8, the run's weight decay) over
   * the encoder's parameters, then the emulator's: the order its moments are checkpointed in.
   */
  AdamW newAdam(WeightEncoder encoder, Emulator emulator) {
    List<NDArray> all = new ArrayList<>(encoder.parameters().list());
    all.addAll(emulator.parameters().list());
    return new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, run.config().weightDecay()), all);
  }
}
