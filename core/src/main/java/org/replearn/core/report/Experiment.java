package org.replearn.core.report;

/**
 * One experiment of {@code replearn reproduce}: it runs at a {@link Scale} and fills one section of
 * the report. Implementations have a public no-argument constructor and are listed in {@code
 * META-INF/services/org.replearn.core.report.Experiment} of their module.
 */
public interface Experiment {

  /** Stable identifier, used as folder name and key in results.json, e.g. {@code "m3g"}. */
  String id();

  /** Sort key in the report (smaller first); the foundation's built-in check uses 0. */
  default int order() {
    return 100;
  }

  /**
   * Runs the experiment.
   *
   * @param context scale, seed, device, data and this experiment's own work folder
   * @return the filled section (tables, charts, text and the values for results.json)
   * @throws Exception any failure; reproduce records it in the report and goes on with the others
   */
  ReportSection run(ExperimentContext context) throws Exception;
}
