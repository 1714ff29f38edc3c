package org.replearn.spark;

/**
 * One finished task attempt of a job, for progress lines.
 *
 * @param job the job's name ("zoo", "encoders")
 * @param task the task's index (model batch, grid run)
 * @param done tasks of the job finished successfully so far
 * @param total tasks of the job
 * @param succeeded whether this attempt succeeded
 * @param executor the executor that ran it
 * @param seconds the attempt's wall time
 * @param failure why the attempt failed (first line), or null
 */
public record TaskReport(
    String job,
    int task,
    int done,
    int total,
    boolean succeeded,
    String executor,
    double seconds,
    String failure) {}
