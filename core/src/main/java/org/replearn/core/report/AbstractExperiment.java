package org.replearn.core.report;

/**
 * An {@link Experiment} whose {@link #id()} and {@link #order()} are fixed by its constructor, so
 * that an implementation states them in one line: {@code super("m3g", 40)}.
 */
public abstract class AbstractExperiment implements Experiment {
  private final String id;
  private final int order;

  /**
   * @param id stable identifier, used as folder name and key in results.json
   * @param order sort key in the report (smaller first)
   */
  protected AbstractExperiment(String id, int order) {
    this.id = id;
    this.order = order;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final int order() {
    return order;
  }
}
