package org.replearn.core.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One section of the reproduce report, in the order its parts were added: paragraphs, tables and
 * XChart charts (rendered to PNG and SVG by the report writer), plus named values for results.json.
 */
public final class ReportSection {

  /** A part of the section body, in order. */
  public sealed interface Part permits Paragraph, TablePart, ChartPart {}

  /** Plain text (HTML-escaped when written). */
  public record Paragraph(String text) implements Part {}

  /** A table. */
  public record TablePart(Table table) implements Part {}

  /** A chart with a file-name stem unique within the section. */
  public record ChartPart(String name, Chart<?, ?> chart) implements Part {}

  private final String title;
  private final List<Part> parts = new ArrayList<>();
  private final Map<String, Object> results = new LinkedHashMap<>();

  /** A section with the given title. */
  public ReportSection(String title) {
    this.title = title;
  }

  /** Adds a paragraph of text. */
  public ReportSection paragraph(String text) {
    parts.add(new Paragraph(text));
    return this;
  }

  /** Adds a table; its rows also go to results.json under its caption. */
  public ReportSection table(Table table) {
    parts.add(new TablePart(table));
    return this;
  }

  /** Adds an XChart chart (XYChart, CategoryChart, ...). */
  public ReportSection chart(String name, Chart<?, ?> chart) {
    parts.add(new ChartPart(name, chart));
    return this;
  }

  /** Records a value for results.json (numbers, strings, lists, maps, records). */
  public ReportSection result(String key, Object value) {
    results.put(key, value);
    return this;
  }

  /**
   * Adds every part and result of {@code other}, in order, after this section's own (a section
   * assembled from sub-sections written on their own first).
   *
   * @throws IllegalArgumentException when both sections hold a result under the same key
   */
  public ReportSection append(ReportSection other) {
    for (String key : other.results.keySet()) {
      if (results.containsKey(key)) {
        throw new IllegalArgumentException(
            "result key " + key + " is in both section '" + title + "' and '" + other.title + "'");
      }
    }
    parts.addAll(other.parts);
    results.putAll(other.results);
    return this;
  }

  public String title() {
    return title;
  }

  public List<Part> parts() {
    return Collections.unmodifiableList(parts);
  }

  public Map<String, Object> results() {
    return Collections.unmodifiableMap(results);
  }
}
