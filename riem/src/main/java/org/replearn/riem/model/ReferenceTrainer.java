package org.replearn.riem.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.replearn.core.InvalidInputException;
import org.replearn.core.Progress;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.engine.Seeds;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.Gradients;

/**
 * Trains a {@link ReferenceArch} with cross-entropy, Adam (lr 1e-3, no weight decay) and shuffled
 * mini-batches, and measures test accuracy.
 */
public final class ReferenceTrainer {
  private ReferenceTrainer() {}

  /**
   * Training settings.
   *
   * @param epochs passes over the training set
   * @param batchSize mini-batch size
   * @param learningRate Adam learning rate
   */
  public record Settings(int epochs, int batchSize, double learningRate) {
    public Settings {
      InvalidInputException.require(epochs >= 1, "--epochs", "must be >= 1", epochs);
      InvalidInputException.require(batchSize >= 1, "--batch-size", "must be >= 1", batchSize);
      InvalidInputException.require(learningRate > 0, "--lr", "must be > 0", learningRate);
    }
  }

  /**
   * Trains from the architecture's default init.
   *
   * @return the trained state dict (names as in {@link ReferenceArch#parameterShapes})
   */
  public static Map<String, Tensor> train(
      ReferenceArch arch, ImageDataset data, Settings settings, Seeds seeds, Device device) {
    try (NDManager manager = NDManager.newBaseManager(device)) {
      Map<String, NDArray> params = arch.initialParameters(manager, seeds.child("init").random());
      List<NDArray> list = new ArrayList<>(params.values());
      list.forEach(p -> p.setRequiresGradient(true));
      NDArray x = data.images(manager);
      NDArray y = data.labelArray(manager);
      SplittableRandom order = seeds.child("order").random();
      int batches = (data.count() + settings.batchSize() - 1) / settings.batchSize();
      try (AdamW adam = new AdamW(AdamW.Config.pytorchDefaults().withWeightDecay(0), list);
          Progress progress =
              Progress.start("train " + arch.id(), (long) settings.epochs() * batches)) {
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
          int[] perm = RandomArrays.permutation(order, data.count());
          for (int start = 0; start < data.count(); start += settings.batchSize()) {
            int end = Math.min(data.count(), start + settings.batchSize());
            try (NDManager scope = manager.newSubManager()) {
              NDArray idx = scope.create(Arrays.copyOfRange(perm, start, end));
              NDArray xb = x.get(idx);
              NDArray yb = y.get(idx);
              // results of operations live with their first operand: own the batch in the scope
              xb.attach(scope);
              yb.attach(scope);
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = arch.forward(params, xb);
                NDArray loss =
                    logits.logSoftmax(1).mul(yb.oneHot(10)).sum(new int[] {1}).neg().mean();
                gc.backward(loss);
                progress.status(String.format("loss %.4f", loss.getFloat()));
              }
              List<NDArray> grads = Gradients.of(list, scope);
              adam.step(grads, settings.learningRate());
              Gradients.zero(grads);
            }
            progress.step(1);
          }
        }
      }
      Map<String, Tensor> out = new LinkedHashMap<>();
      params.forEach((k, v) -> out.put(k, new Tensor(v.getShape().getShape(), v.toFloatArray())));
      return out;
    }
  }

  /** Test accuracy of a state dict on {@code data}, in batches of 1,000. */
  public static double accuracy(
      ReferenceArch arch, Map<String, Tensor> state, ImageDataset data, Device device) {
    try (NDManager manager = NDManager.newBaseManager(device)) {
      Map<String, NDArray> params = new LinkedHashMap<>();
      arch.parameterShapes()
          .forEach(
              (name, shape) -> {
                Tensor t = state.get(name);
                InvalidInputException.require(
                    t != null && t.values().length == shape.size(),
                    "model tensor " + name,
                    "must exist with shape " + shape + " for --arch " + arch.id(),
                    t == null ? "missing" : Arrays.toString(t.shape()));
                params.put(name, manager.create(t.values(), shape));
              });
      NDArray x = data.images(manager);
      NDArray y = data.labelArray(manager);
      long correct = 0;
      for (int start = 0; start < data.count(); start += 1000) {
        int end = Math.min(data.count(), start + 1000);
        try (NDManager scope = manager.newSubManager()) {
          NDArray xb = x.get(start + ":" + end);
          NDArray yb = y.get(start + ":" + end);
          xb.attach(scope);
          yb.attach(scope);
          NDArray predicted = arch.forward(params, xb).argMax(1).toType(DataType.INT32, false);
          correct += predicted.eq(yb).toType(DataType.INT64, false).sum().getLong();
        }
      }
      return correct / (double) data.count();
    }
  }
}
