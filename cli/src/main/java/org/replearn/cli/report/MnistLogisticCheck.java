package org.replearn.cli.report;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.engine.RandomArrays;
import org.replearn.core.report.AbstractExperiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.report.Table;
import org.replearn.core.train.AdamW;
import org.replearn.core.train.Gradients;

/**
 * The foundation's end-to-end check: multinomial logistic regression on raw MNIST pixels, trained
 * with DJL autograd and {@link AdamW}. It exercises the data pipeline, the engine, the optimiser
 * and the report. Known reference: a linear softmax classifier reaches about 92% test accuracy on
 * the full MNIST (LeCun et al. 1998 list 12.0% error for a plain linear classifier without
 * preprocessing, 7.6% with deskewing).
 */
public final class MnistLogisticCheck extends AbstractExperiment {

  /** Test accuracy of a linear softmax classifier on the full MNIST (about 92%, see above). */
  static final double REFERENCE_ACCURACY = 0.92;

  /** Section {@code foundation}, at order 0 in the report. */
  public MnistLogisticCheck() {
    super("foundation", 0);
  }

  @Override
  public ReportSection run(ExperimentContext context) throws Exception {
    Scale scale = context.scale();
    ImageDataset train = context.images(DatasetName.MNIST, Split.TRAIN);
    ImageDataset test = context.images(DatasetName.MNIST, Split.TEST);
    int epochs = scale.pick(30, 2, 2, 10);
    int batch = 256;
    double learningRate = 0.003;
    List<Double> losses = new ArrayList<>();
    double accuracy;
    try (NDManager manager = NDManager.newBaseManager(context.device())) {
      NDArray x = train.images(manager).reshape(train.count(), -1);
      NDArray y = train.labelArray(manager);
      NDArray w =
          RandomArrays.normal(
              manager, context.seeds().child("init").random(), new Shape(784, 10), 0f, 0.01f);
      NDArray b = manager.zeros(new Shape(10));
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      SplittableRandom order = context.seeds().child("order").random();
      try (AdamW adam =
          new AdamW(AdamW.Config.pytorchDefaults().withWeightDecay(0), List.of(w, b))) {
        for (int epoch = 0; epoch < epochs; epoch++) {
          int[] perm = RandomArrays.permutation(order, train.count());
          double sum = 0;
          int batches = 0;
          for (int start = 0; start < train.count(); start += batch) {
            int end = Math.min(train.count(), start + batch);
            try (NDManager scope = manager.newSubManager()) {
              NDArray idx = scope.create(java.util.Arrays.copyOfRange(perm, start, end));
              NDArray xb = x.get(idx);
              NDArray yb = y.get(idx);
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = xb.matMul(w).add(b);
                NDArray loss =
                    logits.logSoftmax(1).mul(yb.oneHot(10)).sum(new int[] {1}).neg().mean();
                gc.backward(loss);
                sum += loss.getFloat();
              }
              List<NDArray> gradients = Gradients.of(List.of(w, b), scope);
              adam.step(gradients, learningRate);
              Gradients.zero(gradients);
              batches++;
            }
          }
          losses.add(sum / batches);
        }
      }
      try (NDManager scope = manager.newSubManager()) {
        NDArray xt = test.images(scope).reshape(test.count(), -1);
        NDArray predicted =
            xt.matMul(w).add(b).argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false);
        accuracy =
            predicted
                .eq(test.labelArray(scope))
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .mean()
                .getFloat();
      }
      new NDList(w, b).close();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(600)
            .height(360)
            .title("Training loss")
            .xAxisTitle("epoch")
            .yAxisTitle("cross-entropy")
            .build();
    double[] xs = new double[losses.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = i + 1;
    }
    chart.addSeries("train", xs, losses.stream().mapToDouble(Double::doubleValue).toArray());
    Table table =
        new Table(
                "Logistic regression on MNIST pixels",
                List.of(
                    "train images", "test images", "epochs", "final train loss", "test accuracy"))
            .row(train.count(), test.count(), epochs, losses.get(losses.size() - 1), accuracy);
    return new ReportSection("Foundation check: logistic regression on MNIST")
        .paragraph(
            "A linear softmax classifier on raw pixels, trained with DJL autograd and replearn's AdamW (lr "
                + learningRate
                + ", batch "
                + batch
                + String.format(
                    Locale.ROOT,
                    "). Reference: about %.0f%% test accuracy on the full data (LeCun et al. 1998:"
                        + " 12.0%% error for a linear classifier); this run trains on %d images and"
                        + " reaches %.1f%%, %s the reference.",
                    100 * REFERENCE_ACCURACY,
                    train.count(),
                    100 * accuracy,
                    accuracy < REFERENCE_ACCURACY ? "below" : "at or above"))
        .table(table)
        .chart("loss", chart)
        .result("testAccuracy", accuracy)
        .result("trainLoss", losses)
        .result("trainImages", train.count());
  }
}
