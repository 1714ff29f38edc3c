package org.replearn.core;

/**
 * Progress of long library work (zoo generation, training). The library reports through this
 * interface and never prints; the CLI installs a sink that draws progress bars on stderr. Without a
 * sink, progress is silently dropped.
 */
public interface Progress extends AutoCloseable {

  /** Advances by {@code n} units. */
  void step(long n);

  /** Sets a short status text (e.g. the current loss). */
  default void status(String text) {}

  @Override
  void close();

  /** Creates progress trackers; installed once by the application. */
  @FunctionalInterface
  interface Sink {
    /** A new tracker for {@code task} with {@code total} units. */
    Progress start(String task, long total);
  }

  /** Starts tracking {@code task} with the installed sink (no-op without one). */
  static Progress start(String task, long total) {
    return Holder.sink.start(task, total);
  }

  /** Installs the sink used by {@link #start}; {@code null} restores the silent default. */
  static void install(Sink sink) {
    Holder.sink = sink == null ? Holder.SILENT : sink;
  }

  /** The installed sink (package detail). */
  final class Holder {
    private static final Sink SILENT =
        (task, total) ->
            new Progress() {
              @Override
              public void step(long n) {}

              @Override
              public void close() {}
            };
    private static volatile Sink sink = SILENT;

    private Holder() {}
  }
}
