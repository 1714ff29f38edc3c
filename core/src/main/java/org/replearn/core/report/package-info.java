/**
 * Experiments and the HTML report of {@code replearn reproduce}. Each method module registers its
 * {@link org.replearn.core.report.Experiment}s through {@link java.util.ServiceLoader} (a file
 * {@code META-INF/services/org.replearn.core.report.Experiment} in its resources); each experiment
 * fills a {@link org.replearn.core.report.ReportSection}.
 */
package org.replearn.core.report;
