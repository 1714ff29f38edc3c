package org.replearn.weightspace.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.replearn.core.data.DatasetName;
import org.replearn.core.data.ImageDataset;
import org.replearn.core.data.Split;
import org.replearn.core.report.AbstractExperiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.report.Table;
import org.replearn.weightspace.zoo.FormalLanguageZoo;
import org.replearn.weightspace.zoo.TiledMnistZoo;
import org.replearn.weightspace.zoo.TrainingRecipe;
import org.replearn.weightspace.zoo.ZooGenerator;
import org.replearn.weightspace.zoo.ZooSpec;
import org.replearn.weightspace.zoo.ZooStore;
import org.replearn.weightspace.zoo.ZooSummary;
import org.replearn.weightspace.zoo.ZooTask;

/**
 * {@code reproduce} section "zoo": generates a formal-language zoo and a tiled-MNIST zoo with the
 * zoo trainer and reports the distribution of each family's main metric at every checkpoint step
 * (accepted strings out of the sampled ones; evaluation accuracy), the split sizes and the measured
 * throughput with the time it implies for a paper-scale zoo (1000 models x 20,001 updates). Smoke:
 * a few models, short schedules, the MNIST fixture. Small: longer schedules on the full MNIST
 * training set. Paper: the official 1000-model zoos (days; resumable in the work folder).
 */
public final class ZooStatisticsExperiment extends AbstractExperiment {

  /** Section {@code zoo}, at order 20 in the report. */
  public ZooStatisticsExperiment() {
    super("zoo", 20);
  }

  @Override
  public ReportSection run(ExperimentContext context) throws Exception {
    Scale scale = context.scale();
    ReportSection section =
        new ReportSection("RNN model zoos: formal languages and tiled sequential MNIST")
            .paragraph(
                "Zoos of 2-layer LSTMs (H = 32) trained as in the official code of Herrmann, Faccio and"
                    + " Schmidhuber (ICML 2024): AdamW, batch 32, piecewise-linear learning rate 0.01 ->"
                    + " 0.003 -> 0.0003 over the checkpoint schedule, M models per worker batch. At"
                    + " each checkpoint a formal-language model samples strings and counts the accepted"
                    + " ones (letter counts, as the official check); a tiled-MNIST model is evaluated on"
                    + " the hash-split evaluation images. At scale "
                    + scale
                    + " the schedules are shortened (paper: 1000 models, 20,001 updates each).");
    FormalLanguageZoo fl =
        scale.pick(
            new FormalLanguageZoo(42, 10, 1e-4, 100, 10, false),
            new FormalLanguageZoo(42, 10, 1e-4, 1000, 100, false),
            new FormalLanguageZoo(42, 10, 1e-4, 1000, 100, false),
            FormalLanguageZoo.official());
    TrainingRecipe flRecipe =
        TrainingRecipe.official()
            .withCheckpoints(
                scale.pick(
                    new long[] {0, 100, 200},
                    new long[] {0, 100, 200, 500, 1000, 2000},
                    new long[] {0, 100, 200, 500, 1000, 2000},
                    TrainingRecipe.OFFICIAL_CHECKPOINTS));
    int flModels = scale.pick(4, 8, 8, 1000);
    family(context, section, fl, flRecipe, flModels, "accepted", fl.evalSamples());

    ImageDataset images = context.images(DatasetName.MNIST, Split.TRAIN);
    TiledMnistZoo mnist =
        scale.pick(
            new TiledMnistZoo(images, 1, 100, 10),
            new TiledMnistZoo(images, 2, 1000, 100),
            new TiledMnistZoo(images, 2, 1000, 100),
            TiledMnistZoo.official(images));
    TrainingRecipe mnistRecipe =
        TrainingRecipe.official()
            .withCheckpoints(
                scale.pick(
                    new long[] {0, 40},
                    new long[] {0, 100, 200, 500},
                    new long[] {0, 100, 200, 500},
                    TrainingRecipe.OFFICIAL_CHECKPOINTS));
    int mnistModels = scale.pick(2, 4, 4, 1000);
    family(context, section, mnist, mnistRecipe, mnistModels, "evalAccuracy", 1);
    return section;
  }

  private static void family(
      ExperimentContext context,
      ReportSection section,
      ZooTask task,
      TrainingRecipe recipe,
      int models,
      String metric,
      double scaleBy)
      throws Exception {
    Path dir = context.workDir().resolve(task.id());
    ZooStore store = new ZooStore(dir);
    boolean resume = Files.exists(dir.resolve(ZooStore.SPEC));
    ZooSpec spec =
        resume
            ? store.readSpec()
            : ZooGenerator.newSpec(
                task, recipe, models, 64, context.seeds().child(task.id()).seed());
    long start = System.nanoTime();
    // two model batches at once, one worker thread each (the trainer is plain Java)
    ZooGenerator.Result result = ZooGenerator.generate(store, task, spec, resume, (b, s) -> {}, 2);
    double seconds = (System.nanoTime() - start) / 1e9;
    ZooSummary summary = ZooSummary.of(spec, store.readIndex());
    Map<Long, ZooSummary.Distribution> byStep = summary.metrics().get(metric);
    String label = metric.equals("accepted") ? "accepted fraction" : "evaluation accuracy";
    Table table =
        new Table(
            task.id() + ": " + label + " over " + summary.models() + " models by checkpoint step",
            List.of("step", "min", "q25", "median", "q75", "max", "mean"));
    double[] steps = new double[byStep.size()];
    double[] medians = new double[byStep.size()];
    double[] q25 = new double[byStep.size()];
    double[] q75 = new double[byStep.size()];
    int i = 0;
    for (Map.Entry<Long, ZooSummary.Distribution> e : byStep.entrySet()) {
      ZooSummary.Distribution d = e.getValue();
      table.row(
          e.getKey(),
          d.min() / scaleBy,
          d.q25() / scaleBy,
          d.median() / scaleBy,
          d.q75() / scaleBy,
          d.max() / scaleBy,
          d.mean() / scaleBy);
      steps[i] = Math.max(1, e.getKey());
      medians[i] = d.median() / scaleBy;
      q25[i] = d.q25() / scaleBy;
      q75[i] = d.q75() / scaleBy;
      i++;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(600)
            .height(360)
            .title(task.id() + ": " + label)
            .xAxisTitle("checkpoint step (0 shown at 1)")
            .yAxisTitle(label)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.addSeries("median", steps, medians);
    chart.addSeries("q25", steps, q25);
    chart.addSeries("q75", steps, q75);
    long trainedSteps =
        (long) result.batchesTrained() * spec.batchModels() * spec.recipe().updates();
    double rate = trainedSteps / Math.max(1e-9, seconds);
    section.table(table).chart(task.id() + "-" + metric, chart);
    section.paragraph(
        task.id()
            + ": "
            + summary.models()
            + " models, "
            + summary.checkpoints()
            + " checkpoints, "
            + summary.tasks()
            + " distinct tasks; splits "
            + summary.splits()
            + "; "
            + String.format(
                "%.1f s, %.1f model-updates per second including evaluations", seconds, rate)
            + (result.batchesTrained() == 0 ? " (zoo already complete in the work folder)" : "")
            + ".");
    ZooSummary.Distribution last =
        byStep.get(byStep.keySet().stream().max(Long::compare).orElseThrow());
    section.result(task.id() + ".models", summary.models());
    section.result(
        task.id()
            + ".median"
            + Character.toUpperCase(metric.charAt(0))
            + metric.substring(1)
            + "AtLastStep",
        last.median() / scaleBy);
    section.result(task.id() + ".modelStepsPerSecond", rate);
  }
}
