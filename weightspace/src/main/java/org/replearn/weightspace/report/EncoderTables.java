package org.replearn.weightspace.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.replearn.core.report.BootstrapInterval;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Table;
import org.replearn.weightspace.downstream.DownstreamEvaluation;
import org.replearn.weightspace.downstream.EncoderComparison;
import org.replearn.weightspace.downstream.PaperClaims;
import org.replearn.weightspace.downstream.StepZeroDiagnostic;
import org.replearn.weightspace.emulation.EmulationResult;
import org.replearn.weightspace.encoder.EncoderKind;

/**
 * The tables of the encoders section: emulation losses beside the paper's Table 2, downstream
 * prediction from frozen embeddings, the clone evaluation, the paper's Fig. 8 ordering beside this
 * run's OOD ranking and the step-0 diagnostic.
 */
final class EncoderTables {

  private EncoderTables() {}

  static String targetsLegend(boolean fl) {
    return fl
        ? "task: exact match of (d_b, d_c, d_d), accuracy-group-1..3 the accuracy of each of"
            + " d_b, d_c, d_d; accuracy: MSE of the accepted fraction; step: checkpoint index"
        : "angle: MSE in degrees^2; accuracy: MSE of the evaluation accuracy;"
            + " generalization-gap: MSE of eval - train loss; step: checkpoint index";
  }

  static Table lossTable(
      String name, EncodersExperiment.ZooSetup setup, List<EncoderComparison.Outcome> outcomes) {
    Table losses =
        new Table(
            name
                + ": emulation loss (TV) per encoder; 'best validation' is the mean over validation"
                + " tasks with a bootstrapped 95% interval over tasks (one emulation run per"
                + " encoder). 'mismatched' emulates each validation rollout from another model's"
                + " embedding: the gap to 'best validation' is what the embedding tells the"
                + " emulator. The paper's column is its Table 2 (mean and 95% interval over 15"
                + " seeds, 100k steps, 1000-model zoo)",
            List.of(
                "encoder",
                "parameters",
                "steps",
                "validation at step 0",
                "best step",
                "best validation [95% CI]",
                "mismatched",
                "OOD at best",
                "paper Table 2",
                "seconds"));
    for (EncoderComparison.Outcome o : outcomes) {
      EmulationResult e = o.emulation();
      double initial = e.history().isEmpty() ? Double.NaN : e.history().get(0).validationLoss();
      losses.row(
          o.encoder(),
          o.parameters(),
          e.steps(),
          initial,
          e.bestStep(),
          format(o.validationLoss()),
          o.mismatchedValidationLoss(),
          e.oodLossAtBest(),
          String.valueOf(paperTable2(setup).get(EncoderKind.parse(o.encoder()))),
          o.seconds());
    }
    return losses;
  }

  static Map<EncoderKind, PaperClaims.Table2Cell> paperTable2(EncodersExperiment.ZooSetup setup) {
    return setup.formalLanguages() ? PaperClaims.TABLE2_FORMAL_LANGUAGES : PaperClaims.TABLE2_MNIST;
  }

  static Table downstreamTable(
      String title,
      List<EncoderComparison.Outcome> outcomes,
      java.util.function.Function<EncoderComparison.Outcome, List<DownstreamEvaluation.Result>>
          scores) {
    List<String> headers = new ArrayList<>(List.of("encoder"));
    for (DownstreamEvaluation.Result d : scores.apply(outcomes.get(0))) {
      headers.add(d.target() + " " + d.metric() + " validation [95% CI]");
      headers.add(d.target() + " " + d.metric() + " OOD [95% CI]");
    }
    Table table = new Table(title, headers);
    for (EncoderComparison.Outcome o : outcomes) {
      List<Object> row = new ArrayList<>(List.of(o.encoder()));
      for (DownstreamEvaluation.Result d : scores.apply(o)) {
        row.add(format(d.validation()));
        row.add(format(d.ood()));
      }
      table.row(row.toArray());
    }
    return table;
  }

  /** The paper's Fig. 8 ordering beside this run's OOD ranking of the first target. */
  static Table figure8Table(String name, List<EncoderComparison.Outcome> outcomes, boolean fl) {
    List<EncoderComparison.Outcome> ranked = EncoderVerdicts.rankedByOod(outcomes, 0);
    DownstreamEvaluation.Result first = outcomes.get(0).downstream().get(0);
    Table t =
        new Table(
            name
                + ": OOD "
                + first.target()
                + " prediction, the paper's Fig. 8 ordering ("
                + PaperClaims.figure8(fl)
                + ") beside this run's ranking, best first ("
                + first.metric()
                + ")",
            List.of("rank", "encoder", "OOD " + first.metric() + " [95% CI]", "kind"));
    for (int i = 0; i < ranked.size(); i++) {
      EncoderComparison.Outcome o = ranked.get(i);
      t.row(
          i + 1,
          o.encoder(),
          format(o.downstream().get(0).ood()),
          PaperClaims.isProbing(o.encoder()) ? "probing" : "mechanistic");
    }
    return t;
  }

  static void addStepZeroDiagnostic(
      ReportSection section, String name, List<EncoderComparison.Outcome> outcomes) {
    List<EncoderComparison.Outcome> diagnosed =
        outcomes.stream().filter(o -> o.stepZero() != null).toList();
    if (diagnosed.isEmpty()) {
      return;
    }
    Table t =
        new Table(
            name
                + ": diagnostic, emulation trained with and without the step-0 rows (same"
                + " settings, seed and budget), both measured on the trained (step > 0) rows:"
                + " validation TV, and the OOD prediction of the first target with the"
                + " predictors' rows also without step 0",
            List.of(
                "encoder",
                "validation TV, trained with step 0",
                "validation TV, trained without",
                "best step without",
                "OOD first target, with [95% CI]",
                "OOD first target, without [95% CI]"));
    for (EncoderComparison.Outcome o : diagnosed) {
      StepZeroDiagnostic.Result d = o.stepZero();
      t.row(
          o.encoder(),
          d.withValidationLoss(),
          d.withoutValidationLoss(),
          d.withoutBestStep(),
          d.withTask() == null ? "-" : format(d.withTask().ood()),
          format(d.withoutTask().ood()));
    }
    section.table(t);
  }

  /** The clone evaluation of every encoder (official metric), one row each. */
  static Table cloneTable(List<EncoderComparison.Outcome> outcomes) {
    Table clones =
        new Table(
            "Clone evaluation (official metric) on "
                + outcomes.get(0).cloneEvaluation().rows().length
                + " validation and OOD checkpoints: the original RNN and the emulator given only"
                + " the embedding each sample "
                + outcomes.get(0).cloneEvaluation().samples()
                + " strings; return = correct / finished strings",
            List.of(
                "encoder",
                "models",
                "mean |original - clone|",
                "Pearson r",
                "clone strings finished"));
    for (EncoderComparison.Outcome o : outcomes) {
      clones.row(
          o.encoder(),
          o.cloneEvaluation().rows().length,
          o.cloneEvaluation().meanAbsoluteError(),
          o.cloneEvaluation().correlation(),
          o.cloneEvaluation().cloneFinished());
    }
    return clones;
  }

  static String format(BootstrapInterval ci) {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", ci.mean(), ci.low(), ci.high());
  }
}
