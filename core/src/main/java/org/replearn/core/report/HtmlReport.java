package org.replearn.core.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.replearn.core.io.AtomicFiles;

/**
 * Writes report sections as one self-contained HTML page, {@code <dir>/index.html}, with each chart
 * saved beside it as PNG (shown) and SVG (linked).
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * Writes the report.
   *
   * @param dir the report folder (created)
   * @param title the page title
   * @param preamble lines shown under the title (command, seed, versions)
   * @param sections the sections, in order
   * @return the path of index.html
   */
  public static Path write(
      Path dir, String title, List<String> preamble, List<ReportSection> sections)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append(
            "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
        .append(
            "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("th{background:#f3f3f3}caption{font-weight:600;text-align:left;padding:4px 0}")
        .append("img{max-width:100%}.meta{color:#666;font-size:90%}.failed{color:#b00}")
        .append("</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");
    for (String line : preamble) {
      html.append("<p class=\"meta\">").append(escape(line)).append("</p>\n");
    }
    html.append("<ul>\n");
    for (int s = 0; s < sections.size(); s++) {
      html.append("<li><a href=\"#s")
          .append(s)
          .append("\">")
          .append(escape(sections.get(s).title()))
          .append("</a></li>\n");
    }
    html.append("</ul>\n");
    for (int s = 0; s < sections.size(); s++) {
      ReportSection section = sections.get(s);
      html.append("<h2 id=\"s")
          .append(s)
          .append("\">")
          .append(escape(section.title()))
          .append("</h2>\n");
      for (ReportSection.Part part : section.parts()) {
        if (part instanceof ReportSection.Paragraph p) {
          html.append("<p>").append(escape(p.text())).append("</p>\n");
        } else if (part instanceof ReportSection.TablePart t) {
          appendTable(html, t.table());
        } else if (part instanceof ReportSection.ChartPart c) {
          String stem = "s" + s + "-" + c.name().replaceAll("[^A-Za-z0-9_-]", "_");
          Path png = dir.resolve(stem + ".png");
          Path svg = dir.resolve(stem + ".svg");
          AtomicFiles.write(
              png, out -> BitmapEncoder.saveBitmap(c.chart(), out, BitmapEncoder.BitmapFormat.PNG));
          AtomicFiles.write(
              svg,
              out ->
                  VectorGraphicsEncoder.saveVectorGraphic(
                      c.chart(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
          html.append("<figure><img src=\"")
              .append(png.getFileName())
              .append("\" alt=\"")
              .append(escape(c.name()))
              .append("\"><figcaption><a href=\"")
              .append(svg.getFileName())
              .append("\">SVG</a></figcaption></figure>\n");
        }
      }
    }
    html.append("</body></html>\n");
    Path index = dir.resolve("index.html");
    AtomicFiles.writeString(index, html.toString());
    return index;
  }

  private static void appendTable(StringBuilder html, Table table) {
    html.append("<table><caption>").append(escape(table.caption())).append("</caption>\n<tr>");
    for (String h : table.headers()) {
      html.append("<th>").append(escape(h)).append("</th>");
    }
    html.append("</tr>\n");
    for (List<Object> row : table.rows()) {
      html.append("<tr>");
      for (Object cell : row) {
        html.append("<td>").append(escape(format(cell))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /** Numbers with four significant digits, everything else as text. */
  static String format(Object cell) {
    if (cell instanceof Double || cell instanceof Float) {
      double d = ((Number) cell).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
        return String.valueOf(d);
      }
      return String.format(
          Locale.ROOT, Math.abs(d) >= 1e-3 && Math.abs(d) < 1e5 ? "%.4g" : "%.3e", d);
    }
    return String.valueOf(cell);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
