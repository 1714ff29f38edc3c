package org.replearn.weightspace.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;

/**
 * The formal-language zoo (official {@code dataset_creation_formal_language.py} with {@code
 * --num_tokens 4 --sequence_length 42}): each model learns one language of {@link FormalLanguage},
 * drawn uniformly from the 216, teacher-forced with cross-entropy on tokens 1..41 of freshly
 * sampled strings. At a checkpoint the model samples {@code evalSamples} strings (BOS + 41 tokens,
 * multinomial) and the metric is how many are accepted; {@code storedRollouts} more samples are
 * stored with their per-step log-softmax outputs.
 *
 * @param sequenceLength string length including BOS (42)
 * @param maxN exclusive bound of n (10)
 * @param weightDecay AdamW weight decay of every model (1e-4)
 * @param evalSamples strings sampled for the acceptance metric (1000)
 * @param storedRollouts sampled strings stored per checkpoint (100)
 * @param strictOrder also require the letter order a* b* c* d* for acceptance (official: false)
 * @param coveringTasks how tasks are assigned to models: false (official) draws each model's task
 *     uniformly from the 216; true gives model i the task {@code pi(i mod 216)} of one seeded
 *     permutation pi of all 216 tasks, so a zoo of 216 k models holds every task exactly k times
 *     (recorded in {@code zoo.json} as {@code taskAssignment: covering})
 */
public record FormalLanguageZoo(
    int sequenceLength,
    int maxN,
    double weightDecay,
    int evalSamples,
    int storedRollouts,
    boolean strictOrder,
    boolean coveringTasks)
    implements ZooTask {

  /** Letters a, b, c, d. */
  public static final int LETTERS = 4;

  public FormalLanguageZoo {
    InvalidInputException.require(weightDecay >= 0, "weightDecay", "must be >= 0", weightDecay);
    InvalidInputException.require(evalSamples >= 1, "evalSamples", "must be >= 1", evalSamples);
    InvalidInputException.require(
        storedRollouts >= 0, "storedRollouts", "must be >= 0", storedRollouts);
    new FormalLanguage(new int[] {0, -3, -3, -3}, sequenceLength, maxN);
  }

  /** A zoo whose tasks are drawn at random per model, as in the official code. */
  public FormalLanguageZoo(
      int sequenceLength,
      int maxN,
      double weightDecay,
      int evalSamples,
      int storedRollouts,
      boolean strictOrder) {
    this(sequenceLength, maxN, weightDecay, evalSamples, storedRollouts, strictOrder, false);
  }

  /** The same zoo with the covering task assignment ({@code coveringTasks}). */
  public FormalLanguageZoo withCoveringTasks() {
    return new FormalLanguageZoo(
        sequenceLength, maxN, weightDecay, evalSamples, storedRollouts, strictOrder, true);
  }

  /** The official settings. */
  public static FormalLanguageZoo official() {
    return new FormalLanguageZoo(
        FormalLanguage.OFFICIAL_LENGTH, FormalLanguage.OFFICIAL_MAX_N, 1e-4, 1000, 100, false);
  }

  @Override
  public String id() {
    return "formal-languages";
  }

  @Override
  public LstmSpec spec() {
    return LstmSpec.formalLanguages();
  }

  @Override
  public List<String> metricNames() {
    return List.of("accepted", "finished");
  }

  /** The language of a task vector (0, d_b, d_c, d_d). */
  public FormalLanguage language(double[] task) {
    int[] d = new int[task.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (int) task[i];
    }
    return new FormalLanguage(d, sequenceLength, maxN);
  }

  @Override
  public ZooMember member(Seeds zooSeed, int index) {
    Seeds seeds = zooSeed.child(index);
    int[] d =
        coveringTasks
            ? coveringTask(zooSeed, index)
            : FormalLanguage.randomDifferences(seeds.child("task").random(), LETTERS);
    double[] task = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      task[i] = d[i];
    }
    return new ZooMember(index, task, weightDecay, seeds);
  }

  /**
   * The covering assignment: task {@code pi(index mod 216)} of the permutation pi of {@link
   * FormalLanguage#allDifferences} drawn from {@code zooSeed.child("task-assignment")}.
   */
  static int[] coveringTask(Seeds zooSeed, int index) {
    List<int[]> all = FormalLanguage.allDifferences(LETTERS);
    int[] pi =
        org.replearn.core.engine.RandomArrays.permutation(
            zooSeed.child("task-assignment").random(), all.size());
    return all.get(pi[index % all.size()]);
  }

  @Override
  public TrainingData trainingData(ZooMember member) {
    FormalLanguage language = language(member.task());
    return (update, batchSize) -> batch(member, language, update, batchSize);
  }

  private Batch batch(ZooMember member, FormalLanguage language, long update, int batchSize) {
    int steps = sequenceLength - 1;
    int tokens = LETTERS + 2;
    float[] x = new float[steps * batchSize * tokens];
    int[] y = new int[steps * batchSize];
    SplittableRandom rng = member.dataRandom(update);
    for (int b = 0; b < batchSize; b++) {
      int[] s = language.sample(rng);
      for (int t = 0; t < steps; t++) {
        x[(t * batchSize + b) * tokens + s[t]] = 1f;
        y[t * batchSize + b] = s[t + 1];
      }
    }
    return new Batch(x, y, steps, batchSize);
  }

  @Override
  public Evaluation evaluate(
      float[][] weights, List<ZooMember> members, long step, NDManager manager) {
    int m = members.size();
    int samples = evalSamples + storedRollouts;
    int steps = sequenceLength - 1;
    int tokens = LETTERS + 2;
    int bos = LETTERS;
    double[][] metrics = new double[m][2];
    int[] storedSeq = new int[m * storedRollouts * sequenceLength];
    float[] stored = new float[m * storedRollouts * steps * tokens];
    LstmKernel kernel = new LstmKernel(spec());
    float[] x = new float[samples * tokens];
    float[] logp = new float[tokens];
    for (int k = 0; k < m; k++) {
      SplittableRandom rng = members.get(k).evalRandom(step);
      int[][] seq = new int[samples][sequenceLength];
      LstmKernel.Generator generator = kernel.generator(weights[k], samples);
      for (int s = 0; s < samples; s++) {
        seq[s][0] = bos;
      }
      for (int j = 0; j < steps; j++) {
        Arrays.fill(x, 0f);
        for (int s = 0; s < samples; s++) {
          x[s * tokens + seq[s][j]] = 1f;
        }
        float[] z = generator.step(x);
        for (int s = 0; s < samples; s++) {
          logSoftmax(z, s * generator.stride(), logp);
          seq[s][j + 1] = sample(logp, rng);
          if (s >= evalSamples) {
            int r = s - evalSamples;
            System.arraycopy(
                logp, 0, stored, ((k * storedRollouts + r) * steps + j) * tokens, tokens);
          }
        }
      }
      FormalLanguage language = language(members.get(k).task());
      for (int s = 0; s < evalSamples; s++) {
        boolean ok = strictOrder ? language.acceptsStrictly(seq[s]) : language.accepts(seq[s]);
        metrics[k][0] += ok ? 1 : 0;
        metrics[k][1] += hasEos(seq[s], language.eos()) ? 1 : 0;
      }
      for (int r = 0; r < storedRollouts; r++) {
        System.arraycopy(
            seq[evalSamples + r],
            0,
            storedSeq,
            (k * storedRollouts + r) * sequenceLength,
            sequenceLength);
      }
    }
    NDArray sequences =
        manager
            .create(storedSeq, new Shape(m, storedRollouts, sequenceLength))
            .toType(DataType.UINT8, false);
    NDArray outputs =
        manager
            .create(stored, new Shape(m, storedRollouts, steps, tokens))
            .toType(DataType.FLOAT16, false);
    return new Evaluation(metrics, sequences, outputs);
  }

  /** out = log softmax of z[from .. from + out.length). */
  private static void logSoftmax(float[] z, int from, float[] out) {
    double log = VectorMath.logSumExp(z, from, out.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (z[from + i] - log);
    }
  }

  private static boolean hasEos(int[] s, int eos) {
    for (int t : s) {
      if (t == eos) {
        return true;
      }
    }
    return false;
  }

  /** Draws an index from the distribution exp(logp). */
  private static int sample(float[] logp, SplittableRandom rng) {
    double u = rng.nextDouble();
    double total = 0;
    for (float v : logp) {
      total += StrictMath.exp(v);
    }
    double acc = 0;
    for (int i = 0; i < logp.length; i++) {
      acc += StrictMath.exp(logp[i]) / total;
      if (u < acc) {
        return i;
      }
    }
    return logp.length - 1;
  }

  @Override
  public double splitCriterion(double[] task) {
    return FormalLanguage.taskEntropy(language(task).differences());
  }
}
