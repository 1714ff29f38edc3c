package org.replearn.core.report;

import java.util.ArrayList;
import java.util.List;
import org.replearn.core.InvalidInputException;

/**
 * A table for the report: a caption, column headers and rows of cells (numbers are formatted with
 * four significant digits in HTML and kept exact in results.json).
 */
public final class Table {
  private final String caption;
  private final List<String> headers;
  private final List<List<Object>> rows = new ArrayList<>();

  /** A table with the given caption and column headers. */
  public Table(String caption, List<String> headers) {
    this.caption = caption;
    this.headers = List.copyOf(headers);
  }

  /** Appends a row; it must have one cell per header. */
  public Table row(Object... cells) {
    InvalidInputException.require(
        cells.length == headers.size(),
        "table row of '" + caption + "'",
        "must have " + headers.size() + " cells",
        cells.length);
    rows.add(java.util.Arrays.asList(cells.clone()));
    return this;
  }

  public String caption() {
    return caption;
  }

  public List<String> headers() {
    return headers;
  }

  public List<List<Object>> rows() {
    return java.util.Collections.unmodifiableList(rows);
  }
}
