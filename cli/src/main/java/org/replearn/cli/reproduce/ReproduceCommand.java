package org.replearn.cli.reproduce;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import org.replearn.cli.CommonOptions;
import org.replearn.cli.DataDirOption;
import org.replearn.cli.Output;
import org.replearn.cli.OutputFolder;
import org.replearn.core.InvalidInputException;
import org.replearn.core.engine.EngineInfo;
import org.replearn.core.io.Json;
import org.replearn.core.report.Experiment;
import org.replearn.core.report.ExperimentContext;
import org.replearn.core.report.HtmlReport;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Scale;
import org.replearn.core.run.RunLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs every experiment registered through {@link ServiceLoader} at the chosen scale, then writes
 * {@code <out>/report/index.html} and {@code <out>/results.json}. A failing experiment is recorded
 * in the report and the others still run; the exit code is then 1.
 */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description =
        "Run every experiment and write one HTML report (<out>/report/index.html) and <out>/results.json.")
public final class ReproduceCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ReproduceCommand.class);

  @Mixin CommonOptions common;

  @Spec CommandSpec commandSpec;

  @Option(
      names = "--scale",
      description =
          "smoke (< 3 min, fixtures only), small (< 20 min), medium (the encoders within 2 h on 2"
              + " cores, resumable) or paper (default: ${DEFAULT-VALUE}).",
      defaultValue = "small")
  String scale;

  @Option(names = "--only", split = ",", description = "Run only these experiment ids.")
  Set<String> only;

  @Mixin DataDirOption dataDir;

  /** What results.json holds for an experiment that failed. */
  record Failure(String error) {}

  /**
   * results.json: the run's scale, seed and library versions, then per experiment id its wall
   * seconds and its results (or {@link Failure}).
   */
  record Summary(
      String scale,
      long seed,
      Map<String, String> versions,
      Map<String, Double> secondsPerExperiment,
      Map<String, Object> results) {}

  /** The run configuration in the manifest. */
  record Config(String scale, List<String> only) {}

  /** What {@code reproduce} prints, in this order. */
  record Reproduced(String report, String results, List<String> experiments, boolean failed) {}

  @Override
  public Integer call() throws Exception {
    Scale s = Scale.parse(scale);
    Path out = common.outOr("replearn-results");
    try (RunLock lock = OutputFolder.claimOneShot(commandSpec, out)) {
      Path data = dataDir.dir();
      List<Experiment> experiments = registered();
      if (only != null) {
        Set<String> known = new java.util.TreeSet<>();
        experiments.forEach(e -> known.add(e.id()));
        for (String id : only) {
          InvalidInputException.require(
              known.contains(id), "--only", "must name registered experiments " + known, id);
        }
        experiments.removeIf(e -> !only.contains(e.id()));
      }
      long start = System.nanoTime();
      List<ReportSection> sections = new ArrayList<>();
      Map<String, Object> results = new LinkedHashMap<>();
      Map<String, Double> timings = new LinkedHashMap<>();
      boolean failed = false;
      for (Experiment e : experiments) {
        Instant t0 = Instant.now();
        LOG.info("experiment {} at scale {}", e.id(), s);
        System.err.println("reproduce: " + e.id() + " (" + s + ")");
        ReportSection section;
        try {
          section =
              e.run(
                  new ExperimentContext(
                      s,
                      common.seeds().child(e.id()),
                      common.device(),
                      out.resolve("work").resolve(e.id()),
                      data));
          results.put(e.id(), section.results());
        } catch (Exception ex) {
          failed = true;
          LOG.error("experiment {} failed", e.id(), ex);
          section =
              new ReportSection(e.id() + " (failed)").paragraph("This experiment failed: " + ex);
          results.put(e.id(), new Failure(String.valueOf(ex)));
        }
        timings.put(e.id(), Duration.between(t0, Instant.now()).toMillis() / 1000.0);
        sections.add(section);
      }
      EngineInfo info = EngineInfo.current();
      Summary summary = new Summary(s.toString(), common.seed, info.asMap(), timings, results);
      Json.write(out.resolve("results.json"), summary);
      List<String> preamble =
          List.of(
              "scale "
                  + s
                  + ", seed "
                  + common.seed
                  + ", "
                  + info.engine()
                  + " "
                  + info.engineVersion()
                  + " via DJL "
                  + info.djl()
                  + " on "
                  + info.device(),
              "wall time " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
      Path index =
          HtmlReport.write(
              out.resolve("report"), "replearn reproduce (" + s + ")", preamble, sections);
      Reproduced printed =
          new Reproduced(
              index.toString(),
              out.resolve("results.json").toString(),
              experiments.stream().map(Experiment::id).toList(),
              failed);
      common.writeManifestAndPrint(
          out,
          "reproduce",
          Output.fields(new Config(s.toString(), only == null ? List.of() : List.copyOf(only))),
          start,
          printed);
      return failed ? 1 : 0;
    }
  }

  /** All experiments on the class path, ordered by {@link Experiment#order()} then id. */
  static List<Experiment> registered() {
    List<Experiment> list = new ArrayList<>();
    ServiceLoader.load(Experiment.class).forEach(list::add);
    list.sort(Comparator.comparingInt(Experiment::order).thenComparing(Experiment::id));
    return list;
  }
}
