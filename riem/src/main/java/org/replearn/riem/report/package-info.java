/** The RieM section of {@code replearn reproduce}. */
package org.replearn.riem.report;
