package org.replearn.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.replearn.core.report.HtmlReport;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Table;

/** The grid's HTML report: emulation losses beside the paper's Table 2, downstream scores. */
final class GridReport {
  private GridReport() {}

  /** Writes {@code report/index.html} of the grid into {@code out}. */
  static void publish(ClusterFolder out, GridSpec spec, List<GridSummary> rows) throws IOException {
    Table losses =
        new Table(
            "Best validation emulation loss over seeds: mean (bootstrap 95% interval), and the"
                + " paper's Table 2 (100k steps, 15 seeds)",
            List.of(
                "zoo", "family", "encoder", "settings", "seeds", "loss", "95% interval", "paper"));
    for (GridSummary r : rows) {
      losses.row(
          r.zoo(),
          r.family(),
          r.encoder(),
          r.config(),
          r.emulationLoss().n(),
          fmt(r.emulationLoss().mean()),
          "(" + fmt(r.emulationLoss().low()) + ", " + fmt(r.emulationLoss().high()) + ")",
          Double.isNaN(r.paperLoss()) ? "" : fmt(r.paperLoss()));
    }
    ReportSection emulation = new ReportSection("Emulation losses").table(losses);
    ReportSection downstream = new ReportSection("Downstream prediction from frozen embeddings");
    for (GridSummary r : rows) {
      Table t =
          new Table(
              r.zoo() + ", " + r.encoder() + ", settings " + r.config() + ": mean over seeds",
              List.of("target", "validation", "OOD"));
      r.downstream().forEach((target, s) -> t.row(target, fmt(s[0]), fmt(s[1])));
      downstream.table(t);
    }
    List<String> preamble = new ArrayList<>();
    preamble.add(
        spec.runs().size()
            + " runs: "
            + spec.zoos().size()
            + " zoos x "
            + spec.encoders().size()
            + " encoders x "
            + spec.configs().size()
            + " settings x "
            + spec.seeds().size()
            + " seeds");
    for (int c = 0; c < spec.configs().size(); c++) {
      preamble.add("settings " + c + ": " + spec.configs().get(c));
    }
    Path local = Files.createTempDirectory("replearn-grid-report-");
    try {
      Path html =
          HtmlReport.write(
              local, "replearn encoder grid", preamble, List.of(emulation, downstream));
      out.upload(html, "report/index.html");
    } finally {
      ScratchFolders.delete(local);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
