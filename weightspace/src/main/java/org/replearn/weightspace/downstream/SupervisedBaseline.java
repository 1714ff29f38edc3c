package org.replearn.weightspace.downstream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.Seeds;
import org.replearn.core.engine.ThreadGradients;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.GradientClipping;
import org.replearn.core.train.Gradients;
import org.replearn.weightspace.emulation.EmulationData;
import org.replearn.weightspace.encoder.DropoutKeys;
import org.replearn.weightspace.encoder.EncoderKind;
import org.replearn.weightspace.encoder.Encoders;
import org.replearn.weightspace.encoder.HiddenPermutation;
import org.replearn.weightspace.encoder.LstmWeights;
import org.replearn.weightspace.encoder.Mlp;
import org.replearn.weightspace.encoder.ParameterStore;
import org.replearn.weightspace.encoder.WeightEncoder;
import org.replearn.weightspace.zoo.LstmSpec;

/**
 * The supervised-only baseline of the paper: an encoder (official size, fresh) and the predictor
 * head trained end to end on one downstream target, with no emulation pre-training. Same loss and
 * scores as {@link EmbeddingPredictor}; AdamW with the emulation recipe's weight decay and
 * per-module clipping at 0.1.
 */
public final class SupervisedBaseline {
  private SupervisedBaseline() {}

  /**
   * Trains and scores.
   *
   * @param steps optimiser steps
   * @param batch rows per step
   * @param learningRate AdamW learning rate
   * @return one score per evaluation set (NaN for an empty set)
   */
  public static double[] trainAndScore(
      EncoderKind kind,
      EmulationData data,
      DownstreamTarget target,
      int[] train,
      List<int[]> evaluationSets,
      int steps,
      int batch,
      double learningRate,
      Seeds seeds,
      NDManager manager) {
    InvalidInputException.require(
        train.length > 0, "supervised training rows", "must not be empty", 0);
    InvalidInputException.require(steps > 0, "supervised steps", "must be > 0", steps);
    LstmSpec spec = data.layout();
    double[] scale = EmbeddingPredictor.standardisation(target, train);
    SplittableRandom rng = seeds.child("train").random();
    try (WeightEncoder encoder =
            Encoders.official(kind, spec, manager, seeds.child("init").random());
        ParameterStore head = new ParameterStore(manager, encoder.parameters().dataType())) {
      Mlp mlp = new Mlp(head, "head", rng, Encoders.EMBEDDING_SIZE, 128, 128, target.outputSize());
      List<NDArray> all = new ArrayList<>(encoder.parameters().list());
      all.addAll(head.list());
      NDList attached = new NDList(all);
      try (AdamW adam = new AdamW(new AdamW.Config(0.9, 0.999, 1e-8, 0.01), all)) {
        for (int step = 0; step < steps; step++) {
          int[] rows = new int[Math.min(batch, train.length)];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = train[rng.nextInt(train.length)];
          }
          int[][] perms =
              encoder.wantsPermutationAugmentation() ? HiddenPermutation.random(spec, rng) : null;
          try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(attached);
            NDArray flat = weights(data, rows, perms, scope);
            NDArray y = EmbeddingPredictor.coded(target, rows, scale, scope);
            encoder.setTraining(true);
            try (DropoutKeys keys = DropoutKeys.seeded(seeds.child("dropout").child(step).seed());
                GradientCollector collector = ThreadGradients.open()) {
              NDArray z = encoder.embed(LstmWeights.fromFlat(spec, flat));
              collector.backward(EmbeddingPredictor.loss(target.kind(), mlp.apply(z), y));
            } finally {
              encoder.setTraining(false);
            }
            List<NDArray> encoderGrads = Gradients.of(encoder.parameters().list(), scope);
            List<NDArray> headGrads = Gradients.of(head.list(), scope);
            GradientClipping.clipByGlobalNorm(encoderGrads, 0.1);
            GradientClipping.clipByGlobalNorm(headGrads, 0.1);
            List<NDArray> grads = new ArrayList<>(encoderGrads);
            grads.addAll(headGrads);
            scope.tempAttachAll(new NDList(adam.state())); // frees AdamW's temporaries
            adam.step(grads, learningRate);
            Gradients.zero(grads);
          }
        }
      }
      double[] scores = new double[evaluationSets.size()];
      for (int s = 0; s < scores.length; s++) {
        int[] rows = evaluationSets.get(s);
        if (rows.length == 0) {
          scores[s] = Double.NaN;
          continue;
        }
        float[] predicted = new float[rows.length * target.outputSize()];
        for (int from = 0; from < rows.length; from += 64) {
          int[] chunk = java.util.Arrays.copyOfRange(rows, from, Math.min(rows.length, from + 64));
          try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(attached);
            NDArray z =
                encoder.embed(LstmWeights.fromFlat(spec, weights(data, chunk, null, scope)));
            float[] out = mlp.apply(z).toFloatArray();
            System.arraycopy(out, 0, predicted, from * target.outputSize(), out.length);
          }
        }
        scores[s] = EmbeddingPredictor.score(target, rows, predicted, scale);
      }
      return scores;
    }
  }

  private static NDArray weights(EmulationData data, int[] rows, int[][] perms, NDManager manager) {
    LstmSpec spec = data.layout();
    int p = spec.parameterCount();
    float[] flat = new float[rows.length * p];
    for (int i = 0; i < rows.length; i++) {
      float[] row = data.weights(rows[i]);
      if (perms != null) {
        row = HiddenPermutation.apply(spec, row, perms);
      }
      System.arraycopy(row, 0, flat, i * p, p);
    }
    return manager.create(flat, new Shape(rows.length, p));
  }
}
