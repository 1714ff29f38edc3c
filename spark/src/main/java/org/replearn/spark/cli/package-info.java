/**
 * {@code replearn spark zoo|encoders}: the Spark jobs from the command line, and the main class of
 * the job jar for {@code spark-submit}.
 */
package org.replearn.spark.cli;
