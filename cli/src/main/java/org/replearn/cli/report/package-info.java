/** The foundation section of {@code replearn reproduce}. */
package org.replearn.cli.report;
