/** The M3G section of {@code replearn reproduce}. */
package org.replearn.multiview.report;
