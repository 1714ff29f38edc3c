package org.replearn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.replearn.core.report.HtmlReport;
import org.replearn.core.report.ReportSection;
import org.replearn.core.report.Table;

/**
 * The HTML report as a reader sees it, in headless Chromium ({@link BrowserCheck}). {@link
 * #assertReadable} is what {@code MainTest}'s smoke reproduce run checks on its real report (so the
 * slow smoke run happens once); this class shows on a small report that the check passes on a good
 * page and catches each kind of fault.
 *
 * <p>Without Chromium the tests are skipped, except where {@code REPLEARN_REQUIRE_BROWSER} is set
 * (CI's {@code .ci/run} installs Chromium and sets it): there they fail.
 */
class ReportBrowserTest {
  @TempDir Path tmp;

  /** Chromium, or the test is skipped (locally) or failed (in CI). */
  static Path chromium() {
    var found = BrowserCheck.findChromium();
    if (found.isEmpty()) {
      if (System.getenv(BrowserCheck.REQUIRE_ENV) != null) {
        fail(
            "Chromium is required ("
                + BrowserCheck.REQUIRE_ENV
                + " is set) but neither $CHROMIUM nor chromium is on the PATH; apt-get install"
                + " chromium");
      }
      Assumptions.abort("Chromium not installed; set " + BrowserCheck.REQUIRE_ENV + " to fail");
    }
    return found.get();
  }

  /**
   * Opens {@code index} in Chromium and asserts that every section is listed and reachable from the
   * table of contents, every table has rows, every image loads and decodes (one per PNG chart
   * beside the page), no link is broken, and nothing went to the console or failed to load. Saves a
   * screenshot to {@code screenshot} (when not null).
   */
  static BrowserCheck.Page assertReadable(Path index, Path screenshot) throws Exception {
    BrowserCheck.Page page;
    try (BrowserCheck browser = BrowserCheck.start(chromium())) {
      page = browser.open(index, screenshot);
    }
    assertTrue(!page.sections().isEmpty(), "no sections: " + page);
    assertEquals(page.sections().size(), page.tocLinks().size(), "table of contents: " + page);
    assertTrue(page.tables() > 0, "no tables: " + page);
    assertEquals(List.of(), page.emptyTables(), "tables without rows");
    long pngs;
    try (Stream<Path> s = Files.list(index.getParent())) {
      pngs = s.filter(p -> p.toString().endsWith(".png")).count();
    }
    assertEquals(pngs, page.images().size(), "one image per chart: " + page.images());
    assertEquals(List.of(), page.brokenImages(), "images that did not load");
    assertEquals(List.of(), page.brokenLinks(), "broken links");
    assertEquals(List.of(), page.consoleErrors(), "console errors");
    assertEquals(List.of(), page.failedLoads(), "failed loads");
    return page;
  }

  private Path smallReport() throws Exception {
    XYChart chart = new XYChartBuilder().width(400).height(300).title("curve").build();
    chart.addSeries("loss", new double[] {0, 1, 2}, new double[] {3, 1, 0.5});
    ReportSection a =
        new ReportSection("First")
            .paragraph("text")
            .table(new Table("numbers", List.of("a", "b")).row(1, 2))
            .chart("curve", chart);
    ReportSection b = new ReportSection("Second").paragraph("more");
    return HtmlReport.write(tmp.resolve("report"), "test report", List.of("meta"), List.of(a, b));
  }

  @Test
  void aGoodReportPasses() throws Exception {
    BrowserCheck.Page page = assertReadable(smallReport(), tmp.resolve("shot.png"));
    assertEquals(List.of("First", "Second"), page.sections());
    assertTrue(Files.size(tmp.resolve("shot.png")) > 1000);
  }

  @Test
  void eachKindOfFaultIsCaught() throws Exception {
    Path index = smallReport();
    Path dir = index.getParent();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path png : s.filter(p -> p.toString().endsWith(".png")).toList()) {
        Files.delete(png);
      }
    }
    String html = Files.readString(index);
    html =
        html.replace(
            "</body>",
            "<a href=\"#nowhere\">x</a><a href=\"gone.svg\">y</a>"
                + "<script>console.error('boom')</script><table><caption>empty</caption></table>"
                + "</body>");
    Files.writeString(index, html);
    BrowserCheck.Page page;
    try (BrowserCheck browser = BrowserCheck.start(chromium())) {
      page = browser.open(index, null);
    }
    assertEquals(1, page.brokenImages().size(), page.toString());
    assertTrue(page.brokenLinks().containsAll(List.of("#nowhere", "gone.svg")), page.toString());
    assertTrue(page.consoleErrors().stream().anyMatch(e -> e.contains("boom")), page.toString());
    assertTrue(
        page.failedLoads().stream().anyMatch(f -> f.contains(".png")),
        page.failedLoads().toString());
    assertEquals(List.of("empty"), page.emptyTables());
  }
}
