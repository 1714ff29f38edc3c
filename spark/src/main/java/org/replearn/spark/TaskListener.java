package org.replearn.spark;

import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Reports every finished task attempt of one job to a consumer, on the driver. Attached for the
 * duration of the job (try-with-resources).
 *
 * <p>Spark delivers task-end events to listeners asynchronously, on its listener bus, so when a job
 * returns the events of its last tasks may still be queued. {@link #close} therefore lets the bus
 * deliver what is queued (at most {@link #DRAIN_MILLIS}) before it detaches the listener; detaching
 * at once lost the last batch's report now and then.
 */
final class TaskListener extends SparkListener implements AutoCloseable {
  /** The longest {@link #close} waits for queued events. */
  static final long DRAIN_MILLIS = 10_000;

  private final JavaSparkContext sc;
  private final String job;
  private final int total;
  private final Consumer<TaskReport> reporter;
  private int done;

  private TaskListener(JavaSparkContext sc, String job, int total, Consumer<TaskReport> reporter) {
    this.sc = sc;
    this.job = job;
    this.total = total;
    this.reporter = reporter;
  }

  /** Starts reporting the tasks of {@code job}, which has {@code total} tasks. */
  static TaskListener attach(
      JavaSparkContext sc, String job, int total, Consumer<TaskReport> reporter) {
    TaskListener l = new TaskListener(sc, job, total, reporter);
    sc.sc().addSparkListener(l);
    return l;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    boolean ok = end.taskInfo().successful();
    if (ok) {
      done++;
    }
    String failure = null;
    if (!ok && end.reason() instanceof TaskFailedReason r) {
      failure = r.toErrorString().lines().findFirst().orElse("");
    }
    reporter.accept(
        new TaskReport(
            job,
            end.taskInfo().index(),
            done,
            total,
            ok,
            end.taskInfo().executorId(),
            end.taskInfo().duration() / 1000.0,
            failure));
  }

  @Override
  public void close() {
    try {
      // LiveListenerBus.waitUntilEmpty is package-private in Scala (private[spark]), public in the
      // bytecode; Spark's own tests drain the bus the same way
      sc.sc().listenerBus().waitUntilEmpty(DRAIN_MILLIS);
    } catch (TimeoutException e) {
      // the bus is still busy after DRAIN_MILLIS: the reports are progress lines only, and the
      // job's result does not depend on them, so detach anyway
    } finally {
      sc.sc().removeSparkListener(this);
    }
  }
}
