package org.replearn.privacy.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.replearn.core.engine.Seeds;
import org.replearn.core.linalg.Pca;
import org.replearn.core.report.Table;
import org.replearn.privacy.accounting.GdpAccountant;
import org.replearn.privacy.accounting.NeighbouringRelation;
import org.replearn.privacy.collapse.EtfFeatures;
import org.replearn.privacy.collapse.OneStepTheory;
import org.replearn.privacy.noisygd.LabelledFeatures;
import org.replearn.privacy.noisygd.Loss;
import org.replearn.privacy.noisygd.NoisyGd;
import org.replearn.privacy.noisygd.NoisyGdConfig;
import org.replearn.privacy.probe.Normalization;

/**
 * One-step NoisyGD on simplex-ETF features (spec private-probe.md section 5): K = 10, n_k = 100, G
 * = 1, W_0 = 0, eta = 1, delta = 1e-5, exact GDP noise. Errors are averaged over independent noise
 * draws; the PCA (d = K - 1) is fitted on a public split drawn like the training split (never on
 * the private training points).
 *
 * @param draws noise draws per cell
 * @param testPerClass test points per class
 * @param dimensions the feature dimensions p
 */
record SyntheticStudy(int draws, int testPerClass, int[] dimensions) {
  static final int CLASSES = 10;
  static final int PER_CLASS = 100;
  static final double DELTA = 1e-5;

  /** Public examples per class for the PCA: as many as the training split. */
  static final int PUBLIC_PER_CLASS = 100;

  /**
   * Column headers: {@code leading}, then for each beta every one of {@code columns} as {@code
   * "beta=<b> <column>"}.
   */
  private static List<String> headers(List<String> leading, double[] betas, String... columns) {
    List<String> headers = new ArrayList<>(leading);
    for (double b : betas) {
      for (String column : columns) {
        headers.add("beta=" + b + " " + column);
      }
    }
    return headers;
  }

  /** Table A: perturbation on test points only; non-DP / DP / DP+PCA / theory (union bound). */
  Table testShiftTable(
      double[] epsilons, double[] betas, Seeds seeds, Map<String, Object> results) {
    List<String> headers =
        headers(List.of("epsilon", "p"), betas, "non-DP", "DP", "DP+PCA", "theory");
    Table table =
        new Table(
            "One-step NoisyGD test error, perturbation N(0, beta^2 I) on test points only"
                + " (K=10, n_k=100, G=1, delta=1e-5, "
                + draws
                + " noise draws)",
            headers);
    int[] counts = EtfFeatures.balanced(CLASSES, PER_CLASS);
    double[] equal = ones(CLASSES);
    for (double eps : epsilons) {
      double sigma = sigma(eps);
      for (int p : dimensions) {
        Seeds cell = seeds.child("A").child(p);
        EtfFeatures etf = EtfFeatures.create(CLASSES, p, 0, cell.child("etf"));
        LabelledFeatures train = etf.sample(counts, 0, cell.child("train"));
        // The public split follows the training distribution (no perturbation in this table).
        LabelledFeatures pub =
            etf.sample(EtfFeatures.balanced(CLASSES, PUBLIC_PER_CLASS), 0, cell.child("pub"));
        Pca pca =
            Pca.randomized(pub.x(), pub.n(), pub.p(), CLASSES - 1, cell.child("pca").random());
        List<Object> row = new ArrayList<>(List.of(eps, p));
        for (double beta : betas) {
          LabelledFeatures test =
              etf.sample(EtfFeatures.balanced(CLASSES, testPerClass), beta, cell.child("test"));
          double nonDp = error(train, test, 0, 1, cell);
          double dp = error(train, test, sigma, draws, cell);
          double dpPca = error(train.projectedOn(pca), test.projectedOn(pca), sigma, draws, cell);
          double theory =
              OneStepTheory.unionBound(
                  counts, equal, sigma, 1, Loss.CROSS_ENTROPY, beta * Math.sqrt(p));
          row.addAll(List.of(nonDp, dp, dpPca, theory));
          results.put(
              "A eps=" + eps + " p=" + p + " beta=" + beta,
              new TestShiftCell(nonDp, dp, dpPca, theory));
        }
        table.row(row.toArray());
      }
    }
    return table;
  }

  /** Table B: perturbation on training and test points; non-DP / DP / DP with x/||x|| / DP+PCA. */
  Table trainShiftTable(
      double epsilon, double[] betas, int[] dims, Seeds seeds, Map<String, Object> results) {
    List<String> headers = headers(List.of("p"), betas, "non-DP", "DP", "DP+normalise", "DP+PCA");
    Table table =
        new Table(
            "One-step NoisyGD test error at epsilon="
                + epsilon
                + ", perturbation on training and test points",
            headers);
    double sigma = sigma(epsilon);
    int[] counts = EtfFeatures.balanced(CLASSES, PER_CLASS);
    for (int p : dims) {
      Seeds cell = seeds.child("B").child(p);
      EtfFeatures etf = EtfFeatures.create(CLASSES, p, 0, cell.child("etf"));
      List<Object> row = new ArrayList<>(List.of(p));
      for (double beta : betas) {
        LabelledFeatures train = etf.sample(counts, beta, cell.child("train"));
        LabelledFeatures test =
            etf.sample(EtfFeatures.balanced(CLASSES, testPerClass), beta, cell.child("test"));
        LabelledFeatures pub =
            etf.sample(EtfFeatures.balanced(CLASSES, PUBLIC_PER_CLASS), beta, cell.child("pub"));
        Pca pca =
            Pca.randomized(pub.x(), pub.n(), pub.p(), CLASSES - 1, cell.child("pca").random());
        double nonDp = error(train, test, 0, 1, cell);
        double dp = error(train, test, sigma, draws, cell);
        double dpNorm =
            error(
                Normalization.perExample(train),
                Normalization.perExample(test),
                sigma,
                draws,
                cell);
        double dpPca = error(train.projectedOn(pca), test.projectedOn(pca), sigma, draws, cell);
        row.addAll(List.of(nonDp, dp, dpNorm, dpPca));
        results.put(
            "B eps=" + epsilon + " p=" + p + " beta=" + beta,
            new TrainShiftCell(nonDp, dp, dpNorm, dpPca));
      }
      table.row(row.toArray());
    }
    return table;
  }

  /** Perfect collapse at epsilon: simulated error per p beside the exact value of the theory. */
  Table perfectCollapseTable(double epsilon, Seeds seeds, Map<String, Object> results) {
    double sigma = sigma(epsilon);
    int[] counts = EtfFeatures.balanced(CLASSES, PER_CLASS);
    double exact = OneStepTheory.exactError(counts, ones(CLASSES), sigma, 1, Loss.CROSS_ENTROPY, 0);
    Table table =
        new Table(
            "Perfect collapse, epsilon=" + epsilon + ": simulated one-step error is flat in p",
            List.of("p", "simulated error", "exact (theory)", "union bound"));
    for (int p : dimensions) {
      Seeds cell = seeds.child("C").child(p);
      EtfFeatures etf = EtfFeatures.create(CLASSES, p, 0, cell.child("etf"));
      LabelledFeatures train = etf.sample(counts, 0, cell.child("train"));
      LabelledFeatures test = etf.sample(EtfFeatures.balanced(CLASSES, 1), 0, cell.child("test"));
      double simulated = error(train, test, sigma, draws * 10, cell);
      table.row(
          p,
          simulated,
          exact,
          OneStepTheory.unionBound(counts, ones(CLASSES), sigma, 1, Loss.CROSS_ENTROPY, 0));
      results.put("perfect collapse p=" + p, new CollapseCell(simulated, exact));
    }
    return table;
  }

  /** Table A's test errors at one (epsilon, p, beta): non-DP, DP, DP+PCA and the union bound. */
  public record TestShiftCell(double nonDp, double dp, double dpPca, double theory) {}

  /** Table B's test errors at one (p, beta): non-DP, DP, DP with x/||x||, DP+PCA. */
  public record TrainShiftCell(double nonDp, double dp, double dpNormalize, double dpPca) {}

  /** Perfect collapse at one p: the simulated one-step error and the theory's exact value. */
  public record CollapseCell(double simulated, double exact) {}

  static double sigma(double epsilon) {
    return GdpAccountant.noiseMultiplier(epsilon, DELTA, 1, NeighbouringRelation.ADD_OR_REMOVE_ONE);
  }

  /** Mean test error of one NoisyGD step over {@code draws} noise draws. */
  static double error(
      LabelledFeatures train, LabelledFeatures test, double sigma, int draws, Seeds seeds) {
    NoisyGdConfig config =
        NoisyGdConfig.builder()
            .setSteps(1)
            .setLearningRate(1)
            .setClipNorm(1)
            .optNoiseMultiplier(sigma)
            .optThreads(2)
            .build();
    double sum = 0;
    for (int d = 0; d < draws; d++) {
      NoisyGd.Result r =
          NoisyGd.train(
              train, config, seeds.child("noise").child(d), sigma > 0 ? new GdpAccountant() : null);
      sum += 1 - r.model().accuracy(test);
    }
    return sum / draws;
  }

  private static double[] ones(int k) {
    double[] w = new double[k];
    java.util.Arrays.fill(w, 1);
    return w;
  }
}
