package org.replearn.spark;

import java.io.IOException;

/**
 * A Spark job failed for good: a task failed after Spark's retries (the message names the task's
 * unit of work, e.g. the model batch, and the cause), or the job was cancelled.
 */
public final class SparkJobException extends IOException {
  private static final long serialVersionUID = 1L;

  SparkJobException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Wraps what a Spark action threw; the message is the first line of the task failure. */
  static SparkJobException of(String job, Throwable e) {
    String message = String.valueOf(e.getMessage());
    String first = message.lines().findFirst().orElse(message);
    for (String marker : new String[] {"model batch ", "grid run "}) {
      int at = message.indexOf(marker);
      if (at >= 0) {
        first = message.substring(at).lines().findFirst().orElse(first);
        break;
      }
    }
    return new SparkJobException(
        job + " job failed: " + first + " (completed outputs are kept; rerun to continue)", e);
  }
}
