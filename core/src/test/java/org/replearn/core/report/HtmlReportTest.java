package org.replearn.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.replearn.core.InvalidInputException;

class HtmlReportTest {
  @TempDir Path dir;

  private static XYChart chart() {
    XYChart c = new XYChartBuilder().width(400).height(300).title("loss").build();
    c.addSeries("train", new double[] {0, 1, 2, 3}, new double[] {1.0, 0.6, 0.4, 0.3});
    return c;
  }

  @Test
  void writesIndexWithTableAndPngAndSvgCharts() throws IOException {
    ReportSection section =
        new ReportSection("M3G <smoke>")
            .paragraph("Loss falls & accuracy rises.")
            .table(
                new Table("Accuracy", List.of("method", "top-1"))
                    .row("M3G", 0.912345678)
                    .row("InfoNCE", 1e-7))
            .chart("loss curve/1", chart());
    Path index =
        HtmlReport.write(dir.resolve("report"), "replearn", List.of("seed 0"), List.of(section));
    assertEquals(dir.resolve("report/index.html"), index);
    String html = Files.readString(index);
    assertTrue(html.contains("<table>"), html);
    assertTrue(html.contains("<caption>Accuracy</caption>"), html);
    assertTrue(html.contains("<th>method</th><th>top-1</th>"), html);
    assertTrue(html.contains("<td>M3G</td><td>0.9123</td>"), html);
    assertTrue(html.contains("<td>1.000e-07</td>"), html);
    assertTrue(html.contains("<h2 id=\"s0\">M3G &lt;smoke&gt;</h2>"), html);
    assertTrue(html.contains("Loss falls &amp; accuracy rises."), html);
    Path png = dir.resolve("report/s0-loss_curve_1.png");
    Path svg = dir.resolve("report/s0-loss_curve_1.svg");
    assertTrue(html.contains("<img src=\"s0-loss_curve_1.png\""), html);
    assertTrue(html.contains("<a href=\"s0-loss_curve_1.svg\">"), html);
    byte[] pngMagic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assertArrayEquals(pngMagic, Arrays.copyOf(Files.readAllBytes(png), 8));
    String svgText = Files.readString(svg);
    assertTrue(svgText.contains("<svg"), svgText.substring(0, Math.min(200, svgText.length())));
    assertEquals(
        List.of("index.html", "s0-loss_curve_1.png", "s0-loss_curve_1.svg"),
        sorted(dir.resolve("report")));
  }

  @Test
  void escapesEverythingUserSupplied() throws IOException {
    String evil = "<script>alert('x')</script> \"quoted\" & more";
    ReportSection section =
        new ReportSection(evil).paragraph(evil).table(new Table(evil, List.of(evil)).row(evil));
    String html = Files.readString(HtmlReport.write(dir, evil, List.of(evil), List.of(section)));
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("alert('x')"), html);
    assertTrue(
        html.contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; more"),
        html);
  }

  @Test
  void formatsNumbersWithFourSignificantDigits() {
    assertEquals("0.1235", HtmlReport.format(0.123456));
    assertEquals("1235", HtmlReport.format(1234.5));
    assertEquals("1.235e+05", HtmlReport.format(123456.0));
    assertEquals("NaN", HtmlReport.format(Double.NaN));
    assertEquals("7", HtmlReport.format(7));
    assertEquals("text", HtmlReport.format("text"));
  }

  @Test
  void tableRowsMustMatchHeaders() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new Table("t", List.of("a", "b")).row(1, 2, 3));
    assertEquals("table row of 't' must have 2 cells, found 3", e.getMessage());
  }

  private static List<String> sorted(Path d) {
    String[] names = d.toFile().list();
    Arrays.sort(names);
    return List.of(names);
  }
}
