/**
 * Zoo generation and encoder grids as Apache Spark jobs.
 *
 * <p>A job is a set of idempotent tasks (one model batch, one emulation run). Each task writes its
 * files under a temporary name in the shared output folder (any Hadoop file system: a local folder,
 * {@code hdfs://}, {@code s3a://}) and renames them, so a retried, speculative or killed attempt
 * never leaves a half-written file under a real name. Every random draw comes from (seed, index),
 * so a job's output equals the one-machine command's byte for byte, whatever the partitioning,
 * retries or lost executors. The driver holds no zoo data: it starts the tasks, counts what they
 * did, and writes the small summary files at the end.
 */
package org.replearn.spark;
