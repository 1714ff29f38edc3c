package org.replearn.spark;

import java.util.function.Consumer;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Reports every finished task attempt of one job to a consumer, on the driver. Attached for the
 * duration of the job (try-with-resources).
 */
final class TaskListener extends SparkListener implements AutoCloseable {
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
    sc.sc().removeSparkListener(this);
  }
}
